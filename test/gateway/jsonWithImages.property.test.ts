import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { IMAGE_PLACEHOLDER, JsonWithImagesReader } from '../../nodes/Vtrix/gateway/jsonWithImages';

/**
 * Differential: for generated answers (random image bytes, base64 text written with every
 * legal JSON escaping, other fields before and after, cut into random chunks), the streaming
 * reader gives exactly what JSON.parse and Node's base64 decoding give.
 */

const RUNS = Number(process.env.JSON_READER_RUNS ?? 10_000);

/** A small deterministic generator, so one fast-check seed drives every writing choice. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const hex4 = (code: number, upper: boolean) => {
	const digits = code.toString(16).padStart(4, '0');
	return `\\u${upper ? digits.toUpperCase() : digits}`;
};

/** One UTF-16 code unit of a string, written as JSON allows: raw, a short escape or \uXXXX. */
function writeUnit(unit: string, next: () => number): string {
	const code = unit.charCodeAt(0);
	const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
	const mustEscape = unit === '"' || unit === '\\' || code < 0x20;
	const choice = next();
	if (choice < 0.15) return hex4(code, next() < 0.5);
	if (choice < 0.3 && short[unit]) return short[unit];
	if (mustEscape) return short[unit] ?? hex4(code, next() < 0.5);
	return unit;
}

/** A JSON string literal for `text`, each character written one of its legal ways. */
function writeString(text: string, next: () => number): string {
	let out = '"';
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const isPair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
		if (isPair && next() < 0.6) {
			out += text.slice(i, i + 2); // a raw astral character, sent as 4 UTF-8 bytes
			i++;
			continue;
		}
		out += writeUnit(text[i], next);
	}
	return `${out}"`;
}

const WHITESPACE = [' ', '\n', '\r\n', '\t', ''];

function space(next: () => number): string {
	return next() < 0.7 ? '' : WHITESPACE[Math.floor(next() * WHITESPACE.length)];
}

/** JSON text for `value` with random spacing and string escaping (keys included). */
function write(value: unknown, next: () => number): string {
	if (typeof value === 'string') return writeString(value, next);
	if (Array.isArray(value)) return `[${value.map((v) => `${space(next)}${write(v, next)}${space(next)}`).join(',')}]`;
	if (value && typeof value === 'object') {
		const members = Object.entries(value).map(([k, v]) => `${space(next)}${writeString(k, next)}${space(next)}:${space(next)}${write(v, next)}${space(next)}`);
		return `{${members.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** Base64 text with whitespace and other legal noise in it, as some gateways send it. */
function noisyBase64(bytes: Uint8Array, next: () => number): string {
	const text = Buffer.from(bytes).toString('base64');
	const noise = ['\r\n', '\n', '\r', '\t', ' ', '\b', '\f'];
	let out = '';
	for (let i = 0; i < text.length; i++) {
		if (next() < 0.05) out += noise[Math.floor(next() * noise.length)];
		if (i > 0 && i % 76 === 0 && next() < 0.3) out += '\r\n'; // .NET's line breaks
		out += text[i];
	}
	return out;
}

/** Keys that never sort ahead of others in a JS object (integer-like keys would). */
const key = fc.string({ minLength: 1, maxLength: 8 }).map((k) => `k${k}`);
const other = fc.dictionary(
	key,
	fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('b64_json', '"b64_json"', '\\', '@vtrix-image:0'), fc.integer(), fc.boolean(), fc.constant(null)),
	{ maxKeys: 4 },
);

const imageValue = fc.oneof(
	{ arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: 'image' as const, bytes })), weight: 8 },
	// any legal string at all: the decoding must still match Node's (characters outside the alphabet, `=` inside…)
	{ arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((text) => ({ kind: 'text' as const, text })), weight: 2 },
	{ arbitrary: fc.constantFrom(null, 7).map((value) => ({ kind: 'other' as const, value })), weight: 1 },
);

const answer = fc.record({
	seed: fc.integer(),
	before: other,
	after: other,
	groups: fc.array(fc.array(imageValue, { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
	keyEscaped: fc.boolean(),
	cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

/**
 * Base64 decoding of a parsed string: Node's, except that Node reads only the low byte of a
 * character above U+00FF (so "Ł", U+0141, would count as "A"); such characters are no base64
 * and are skipped like any other.
 */
const decodeBase64 = (text: string) => Buffer.from(text.replace(/[\u0100-\uffff]/g, ''), 'base64');

/** What JSON.parse makes of the answer, and the images in document order. */
function expected(text: string): { skeleton: unknown; images: Buffer[] } {
	const images: Buffer[] = [];
	const walk = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(walk);
		if (!value || typeof value !== 'object') return value;
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) {
			if (k === 'b64_json' && typeof v === 'string') {
				images.push(decodeBase64(v));
				out[k] = `${IMAGE_PLACEHOLDER}${images.length - 1}`;
			} else out[k] = walk(v);
		}
		return out;
	};
	return { skeleton: walk(JSON.parse(text)), images };
}

function readChunks(bytes: Buffer, cuts: number[]): JsonWithImagesReader {
	const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
	const reader = new JsonWithImagesReader();
	let from = 0;
	for (const point of [...points, bytes.length]) {
		reader.write(bytes.subarray(from, point));
		from = point;
	}
	return reader;
}

describe('JsonWithImagesReader against JSON.parse (property)', () => {
	it(`gives JSON.parse's skeleton and base64-decoded bytes for ${RUNS} generated answers`, () => {
		let escapedSeen = 0;
		fc.assert(
			fc.property(answer, ({ seed, before, after, groups, keyEscaped, cuts }) => {
				const next = random(seed);
				const content = groups.map((group) =>
					group.map((entry) => {
						const value = entry.kind === 'image' ? noisyBase64(entry.bytes, next) : entry.kind === 'text' ? entry.text : entry.value;
						return { type: 'image', b64_json: value, size: entry.kind === 'image' ? entry.bytes.length : 0 };
					}),
				);
				let text = write({ ...before, id: 'task_1', status: 'completed', output: content.map((c) => ({ content: c })), ...after }, next);
				if (keyEscaped) text = text.replace('"b64_json"', '"b64\\u005fjson"');
				if (/\\u00[0-9a-fA-F]{2}|\\\//.test(text)) escapedSeen++;
				const bytes = Buffer.from(text, 'utf8'); // what the gateway sends (a lone surrogate becomes U+FFFD)
				const want = expected(bytes.toString('utf8'));
				const reader = readChunks(bytes, cuts);
				expect(reader.images).toEqual(want.images);
				expect(JSON.parse(reader.text())).toEqual(want.skeleton);
			}),
			{ numRuns: RUNS },
		);
		expect(escapedSeen).toBeGreaterThan(RUNS / 2);
	});
});
