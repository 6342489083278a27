// The few command-line options the project's scripts take (`--name value`).

/** The value after `name`; undefined when absent; an error when the value is missing. */
export function optionValue(args: readonly string[], name: string): string | undefined {
	const i = args.indexOf(name);
	if (i < 0) return undefined;
	const value = args[i + 1];
	if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
	return value;
}
