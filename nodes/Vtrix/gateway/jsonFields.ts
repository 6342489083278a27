/** Reading loosely typed JSON from the gateway, whose shapes vary (API.md, "Tolerate"). */

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string that is not blank, or a number as text (ids and codes come as either); else undefined. */
export function textField(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}
