/**
 * A minimal lossless WebP (VP8L) encoder: no transforms, no colour cache, and fixed prefix codes
 * where every red, green and blue literal is 8 bits long, so each pixel costs 3 bytes. Large,
 * but a real WebP of any size up to 16384x16384 that every decoder reads.
 */

const MAX_SIDE = 16384;
// Order in which the code-length code's lengths are stored (RFC 9649, section 3.7.2.1.2).
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const GREEN_ALPHABET = 256 + 24; // literals + backward-reference length prefixes, no colour cache
const LITERAL_ALPHABET = 256;

// Prefix codes are read bit by bit from the most significant bit of the canonical code,
// while the stream is filled from the least significant bit: store codes bit-reversed.
const REVERSED = new Uint8Array(256).map((_, value) => {
	let reversed = 0;
	for (let bit = 0; bit < 8; bit++) reversed |= ((value >> bit) & 1) << (7 - bit);
	return reversed;
});

class BitWriter {
	private readonly bytes: Buffer;
	private length = 0;
	private pending = 0;
	private pendingBits = 0;

	constructor(capacity: number) {
		this.bytes = Buffer.alloc(capacity);
	}

	/** Appends the low `count` bits (at most 24) of `value`, least significant first. */
	write(value: number, count: number): void {
		this.pending = (this.pending | (value << this.pendingBits)) >>> 0;
		this.pendingBits += count;
		while (this.pendingBits >= 8) {
			this.bytes[this.length++] = this.pending & 0xff;
			this.pending >>>= 8;
			this.pendingBits -= 8;
		}
	}

	finish(): Buffer {
		if (this.pendingBits > 0) this.bytes[this.length++] = this.pending & 0xff;
		return this.bytes.subarray(0, this.length);
	}
}

/** A "normal" prefix code giving symbols 0-255 length 8 and any further symbols length 0. */
function writeEightBitCode(out: BitWriter, alphabetSize: number): void {
	out.write(0, 1); // not a simple code
	const stored = CODE_LENGTH_ORDER.indexOf(8) + 1;
	out.write(stored - 4, 4);
	for (const symbol of CODE_LENGTH_ORDER.slice(0, stored)) {
		// The code-length code only needs the lengths 0 and 8, one bit each: 0 -> "0", 8 -> "1".
		out.write(symbol === 0 || symbol === 8 ? 1 : 0, 3);
	}
	out.write(0, 1); // code lengths for the whole alphabet follow
	for (let symbol = 0; symbol < alphabetSize; symbol++) out.write(symbol < 256 ? 1 : 0, 1);
}

/** A "simple" prefix code with a single symbol: reading it consumes no bits. */
function writeSingleSymbolCode(out: BitWriter, symbol: number): void {
	out.write(1, 1); // simple code
	out.write(0, 1); // one symbol
	out.write(1, 1); // stored in 8 bits
	out.write(symbol, 8);
}

/** Encodes 8-bit RGB pixels (row-major, 3 bytes each) as an opaque lossless WebP. */
export function encodeWebp(width: number, height: number, rgb: Buffer): Buffer {
	if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
		throw new RangeError(`WebP sides must be 1-${MAX_SIDE}, got ${width}x${height}`);
	}
	const out = new BitWriter(width * height * 3 + 256);
	out.write(0x2f, 8); // VP8L signature
	out.write(width - 1, 14);
	out.write(height - 1, 14);
	out.write(0, 1); // alpha not used
	out.write(0, 3); // version
	out.write(0, 1); // no transforms
	out.write(0, 1); // no colour cache
	out.write(0, 1); // a single prefix code group for the whole image

	writeEightBitCode(out, GREEN_ALPHABET);
	writeEightBitCode(out, LITERAL_ALPHABET); // red
	writeEightBitCode(out, LITERAL_ALPHABET); // blue
	writeSingleSymbolCode(out, 255); // alpha
	writeSingleSymbolCode(out, 0); // distance, never used

	for (let i = 0; i < width * height * 3; i += 3) {
		// Literals are stored green, red, blue (alpha costs no bits).
		out.write(REVERSED[rgb[i + 1]] | (REVERSED[rgb[i]] << 8) | (REVERSED[rgb[i + 2]] << 16), 24);
	}
	const bitstream = out.finish();

	const padding = bitstream.length % 2;
	const header = Buffer.alloc(20);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(12 + bitstream.length + padding, 4);
	header.write('WEBPVP8L', 8, 'latin1');
	header.writeUInt32LE(bitstream.length, 16);
	return Buffer.concat([header, bitstream, Buffer.alloc(padding)]);
}
