/**
 * Reads a JSON answer chunk by chunk, decoding every `"b64_json": "…"` string straight into
 * a Buffer and leaving a short placeholder in its place. A completed b64_json task answer
 * holds every image as base64 text; parsing it whole would hold each image three or four
 * times over (chunks, text, parsed strings, bytes). This holds the bytes once.
 */

const KEY = 'b64_json';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const IMAGE_PLACEHOLDER = '@vtrix-image:';

type State = 'json' | 'string' | 'afterKey' | 'value';

/** Base64 decoded as it arrives, in groups of four characters. */
class Base64Sink {
	private carry = '';
	private readonly pieces: Buffer[] = [];

	write(text: string): void {
		const all = this.carry + text;
		const whole = all.length - (all.length % 4);
		if (whole > 0) this.pieces.push(Buffer.from(all.slice(0, whole), 'base64'));
		this.carry = all.slice(whole);
	}

	end(): Buffer {
		if (this.carry) this.pieces.push(Buffer.from(this.carry, 'base64'));
		return this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces);
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

export class JsonWithImagesReader {
	readonly images: Buffer[] = [];
	private readonly skeleton: Buffer[] = [];
	private state: State = 'json';
	private escaped = false;
	/** The last characters of the string being read, to recognise the key when it closes. */
	private stringTail = '';
	private sink?: Base64Sink;
	private kept = 0;

	private keep(piece: Buffer): void {
		this.skeleton.push(piece);
		this.kept += piece.length;
	}

	write(chunk: Buffer): void {
		let copyFrom = 0;
		for (let i = 0; i < chunk.length; i++) {
			if (this.state === 'value' && !this.escaped) {
				i = nextSpecialByte(chunk, i); // skip the base64 run in one step
				if (i === chunk.length) break;
			}
			const byte = chunk[i];
			switch (this.state) {
				case 'json':
					if (byte === QUOTE) {
						this.state = 'string';
						this.stringTail = '';
					}
					break;
				case 'string':
					if (this.escaped) this.escaped = false;
					else if (byte === BACKSLASH) this.escaped = true;
					else if (byte === QUOTE) this.state = this.stringTail === KEY ? 'afterKey' : 'json';
					if (this.state === 'string') this.stringTail = (this.stringTail + String.fromCharCode(byte)).slice(-(KEY.length + 1));
					break;
				case 'afterKey':
					if (byte === QUOTE) {
						// The value starts: keep what came before, then stream the value into a sink.
						this.keep(Buffer.from(chunk.subarray(copyFrom, i + 1)));
						this.sink = new Base64Sink();
						this.state = 'value';
						copyFrom = i + 1;
					} else if (byte !== 0x3a && byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
						this.state = 'json'; // not a string value: leave it as it is
					}
					break;
				case 'value':
					if (byte === QUOTE && !this.escaped) {
						this.sink?.write(chunk.toString('latin1', copyFrom, i));
						this.images.push((this.sink as Base64Sink).end());
						this.sink = undefined;
						this.keep(Buffer.from(`${IMAGE_PLACEHOLDER}${this.images.length - 1}`));
						this.state = 'json';
						copyFrom = i; // the closing quote stays in the skeleton
					} else if (byte === BACKSLASH && !this.escaped) {
						// JSON may escape "/" as "\/": drop the backslash, keep the character.
						this.sink?.write(chunk.toString('latin1', copyFrom, i));
						this.escaped = true;
						copyFrom = i + 1;
					} else {
						this.escaped = false;
					}
					break;
			}
		}
		if (this.state === 'value') this.sink?.write(chunk.toString('latin1', copyFrom, chunk.length));
		else this.keep(Buffer.from(chunk.subarray(copyFrom)));
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
