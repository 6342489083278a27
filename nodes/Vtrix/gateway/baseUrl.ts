export const DEFAULT_BASE_URL = 'https://cloud.vtrix.ai';

/**
 * The credential's base URL, trimmed and without a trailing slash (blank means the default);
 * undefined unless it is an http(s) URL with a host.
 */
export function normaliseBaseUrl(value: unknown): string | undefined {
	const raw = String(value ?? '').trim() || DEFAULT_BASE_URL;
	try {
		const url = new URL(raw);
		if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return raw.replace(/\/+$/, '');
	} catch {
		// not a URL at all: refused below like any other scheme
	}
	return undefined;
}
