/**
 * Reads a JSON answer chunk by chunk, decoding every `"b64_json": "…"` string straight into
 * a Buffer and leaving a short placeholder in its place. A completed b64_json task answer
 * holds every image as base64 text; parsing it whole would hold each image three or four
 * times over (chunks, text, parsed strings, bytes). This holds the bytes once.
 *
 * The bytes are what JSON.parse and base64 decoding give, for any legal JSON string: escapes
 * (`\/`, `\u002B`, `\r\n`…) are undone first, then base64 is decoded as `Buffer.from(text,
 * 'base64')` does (characters outside the alphabet skipped, `=` ends the data), except that
 * Node reads a character above U+00FF by its low byte ("Ł" as "A"): such characters are skipped.
 */

const KEY = 'b64_json';
/** The key with every character written as `\uXXXX`: no longer string can be the key. */
const MAX_KEY_BYTES = KEY.length * 6;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const IMAGE_PLACEHOLDER = '@vtrix-image:';

type State = 'json' | 'string' | 'afterKey' | 'value';

/** Node's base64 alphabet takes base64url's `-` and `_` too; everything else is skipped. */
const NOT_ALPHABET = /[^A-Za-z0-9+/\-_]/g;

/** `\b \f \n \r \t \" \\ \/` to the character they stand for. */
const SHORT_ESCAPES: Record<number, string> = { 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t', 0x22: '"', 0x5c: '\\', 0x2f: '/' };

/**
 * Base64 decoded as it arrives, in groups of four alphabet characters. Takes text of
 * characters up to U+00FF only (see the top of the file).
 */
class Base64Sink {
	/** Fewer than four alphabet characters, waiting for the rest of their group. */
	private carry = '';
	private ended = false;
	private readonly pieces: Buffer[] = [];

	write(text: string): void {
		if (this.ended || text === '') return;
		const all = this.carry + text;
		const whole = all.length - (all.length % 4);
		if (whole > 0) {
			// Plain base64 decodes to 3 bytes per 4 characters; anything else (a skipped character, `=`) to fewer.
			const bytes = Buffer.from(all.slice(0, whole), 'base64');
			if (bytes.length === (whole / 4) * 3) {
				this.pieces.push(bytes);
				this.carry = all.slice(whole);
				return;
			}
		}
		this.writeFiltered(all);
	}

	end(): Buffer {
		if (this.carry) this.pieces.push(Buffer.from(this.carry, 'base64'));
		return this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces);
	}

	private writeFiltered(text: string): void {
		const padding = text.indexOf('=');
		if (padding !== -1) this.ended = true;
		const data = (padding === -1 ? text : text.slice(0, padding)).replace(NOT_ALPHABET, '');
		const whole = data.length - (data.length % 4);
		if (whole > 0) this.pieces.push(Buffer.from(data.slice(0, whole), 'base64'));
		this.carry = data.slice(whole);
	}
}

/** The inside of one b64_json string: undoes JSON escapes (which may span chunks) into the sink. */
class EscapedBase64 {
	readonly sink = new Base64Sink();
	/** undefined: plain text; '': just read a backslash; else the hex digits of a `\u` read so far. */
	private escape: string | undefined;

	get inEscape(): boolean {
		return this.escape !== undefined;
	}

	startEscape(): void {
		this.escape = '';
	}

	/** One byte of an escape sequence (the one after the backslash, or a `\u` digit). */
	escapeByte(byte: number): void {
		if (this.escape === '') {
			if (byte === 0x75) {
				this.escape = 'u';
				return;
			}
			this.sink.write(SHORT_ESCAPES[byte] ?? '');
			this.escape = undefined;
			return;
		}
		const sequence = `${this.escape ?? ''}${String.fromCharCode(byte)}`;
		this.escape = sequence;
		if (sequence.length === 5) {
			const code = parseInt(sequence.slice(1), 16);
			if (code <= 0xff) this.sink.write(String.fromCharCode(code)); // above: no base64 character
			this.escape = undefined;
		}
	}
}

/** The next quote or backslash at or after `from`, or the chunk's length. */
function nextSpecialByte(chunk: Buffer, from: number): number {
	const quote = chunk.indexOf(QUOTE, from);
	const backslash = chunk.indexOf(BACKSLASH, from);
	if (quote === -1 && backslash === -1) return chunk.length;
	if (quote === -1) return backslash;
	return backslash === -1 ? quote : Math.min(quote, backslash);
}

/** Whether a string's raw bytes (escapes included) spell the key. */
function isKey(raw: readonly number[]): boolean {
	if (raw.length < KEY.length) return false;
	const text = Buffer.from(raw).toString('utf8');
	if (!text.includes('\\')) return text === KEY;
	try {
		return JSON.parse(`"${text}"`) === KEY;
	} catch {
		return false;
	}
}

export class JsonWithImagesReader {
	readonly images: Buffer[] = [];
	private readonly skeleton: Buffer[] = [];
	private state: State = 'json';
	private escaped = false;
	/** The raw bytes of the string being read while it is short enough to be the key. */
	private keyBytes: number[] | undefined;
	private value?: EscapedBase64;
	private kept = 0;

	private keep(piece: Buffer): void {
		this.skeleton.push(piece);
		this.kept += piece.length;
	}

	write(chunk: Buffer): void {
		let copyFrom = 0;
		for (let i = 0; i < chunk.length; i++) {
			if (this.state === 'value') {
				const value = this.value as EscapedBase64;
				if (value.inEscape) {
					value.escapeByte(chunk[i]);
					continue;
				}
				const special = nextSpecialByte(chunk, i); // the base64 run in one step
				value.sink.write(chunk.toString('latin1', i, special));
				if (special === chunk.length) break;
				i = special;
				if (chunk[i] === BACKSLASH) {
					value.startEscape();
					continue;
				}
				this.images.push(value.sink.end());
				this.value = undefined;
				this.keep(Buffer.from(`${IMAGE_PLACEHOLDER}${this.images.length - 1}`));
				this.state = 'json';
				copyFrom = i; // the closing quote stays in the skeleton
				continue;
			}
			const byte = chunk[i];
			switch (this.state) {
				case 'json':
					if (byte === QUOTE) {
						this.state = 'string';
						this.keyBytes = [];
					}
					break;
				case 'string':
					if (this.escaped) this.escaped = false;
					else if (byte === BACKSLASH) this.escaped = true;
					else if (byte === QUOTE) {
						this.state = this.keyBytes && isKey(this.keyBytes) ? 'afterKey' : 'json';
						break;
					}
					if (this.keyBytes && this.keyBytes.push(byte) > MAX_KEY_BYTES) this.keyBytes = undefined;
					break;
				case 'afterKey':
					if (byte === QUOTE) {
						// The value starts: keep what came before, then stream the value into a sink.
						this.keep(Buffer.from(chunk.subarray(copyFrom, i + 1)));
						this.value = new EscapedBase64();
						this.state = 'value';
						copyFrom = i + 1;
					} else if (byte !== 0x3a && byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
						this.state = 'json'; // not a string value: leave it as it is
					}
					break;
			}
		}
		if (this.state !== 'value' && copyFrom < chunk.length) this.keep(Buffer.from(chunk.subarray(copyFrom)));
	}

	/** Bytes of the answer kept as text so far: everything but the image data. */
	get textLength(): number {
		return this.kept;
	}

	/** The answer without its image data, as text. */
	text(): string {
		return Buffer.concat(this.skeleton).toString('utf8');
	}
}
