import { z } from 'zod';

import { reportIssue } from './issues';

/**
 * Option rules. Values arrive from n8n parameters, so a number or boolean typed as an
 * expression may come as a string; each rule accepts that form and outputs the real type.
 */

/** Plain decimal notation: `12`, `-1`, `0.5`, `.5`, `1e3`; not `0x10`, `0b11`, `0o7` or `1_000`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A finite number, or text holding one in decimal notation (surrounding spaces allowed);
 * undefined for anything else. `Number()` alone would also read hex, binary and octal text.
 */
export function decimalNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || !DECIMAL.test(value.trim())) return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}

export function booleanRule(code?: string) {
	return z.unknown().transform((value, ctx) => {
		if (value === true || value === 'true') return true;
		if (value === false || value === 'false') return false;
		reportIssue(ctx, code, `must be true or false, got ${JSON.stringify(value)}`);
		return z.NEVER;
	});
}

export function choiceRule<T extends string>(code: string, choices: readonly T[]) {
	return z.unknown().transform((value, ctx) => {
		if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
		reportIssue(ctx, code, `must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
		return z.NEVER;
	});
}

export function integerRule(code: string, range: { min: number; max: number }) {
	return z.unknown().transform((value, ctx) => {
		const n = decimalNumber(value);
		if (n === undefined || !Number.isInteger(n) || n < range.min || n > range.max) {
			reportIssue(ctx, code, `must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`);
			return z.NEVER;
		}
		return n;
	});
}

export function numberRule(code: string, range: { min: number; max: number }) {
	return z.unknown().transform((value, ctx) => {
		const n = decimalNumber(value);
		if (n === undefined || n < range.min || n > range.max) {
			reportIssue(ctx, code, `must be a number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`);
			return z.NEVER;
		}
		return n;
	});
}

/** For sizes whose per-side limit comes from a rule over both sides (area, aspect). */
export function positiveIntegerRule(code: string) {
	return z.unknown().transform((value, ctx) => {
		const n = decimalNumber(value);
		if (n === undefined || !Number.isSafeInteger(n) || n < 1) {
			reportIssue(ctx, code, `must be a positive whole number of pixels, got ${JSON.stringify(value)}`);
			return z.NEVER;
		}
		return n;
	});
}

/** `-1` means random; otherwise a positive integer (API.md: 0 and other negatives are invalid). */
export function seedRule(code: string) {
	return z.unknown().transform((value, ctx) => {
		const n = decimalNumber(value);
		if (n === undefined || !Number.isSafeInteger(n) || (n !== -1 && n < 1)) {
			reportIssue(ctx, code, `must be -1 (random) or a positive integer, got ${JSON.stringify(value)}`);
			return z.NEVER;
		}
		return n;
	});
}

/** Unicode code points, as the pages count characters. */
export function characterCount(text: string): number {
	return Array.from(text).length;
}

export function promptRule(codes: { missing: string; length?: string }, maxLength?: number) {
	return z.unknown().transform((value, ctx) => {
		if (typeof value !== 'string' || value.trim() === '') {
			reportIssue(ctx, codes.missing, 'is required and must not be empty');
			return z.NEVER;
		}
		const length = characterCount(value);
		if (maxLength !== undefined && codes.length && length > maxLength) {
			reportIssue(ctx, codes.length, `must be 1 to ${maxLength} characters, got ${length}`);
			return z.NEVER;
		}
		return value;
	});
}
