import type { ImageFormat } from '../models/types';

export interface ImageFacts {
	format: ImageFormat;
	mimeType: string;
	extension: string;
	width?: number;
	height?: number;
}

const MIME: Record<ImageFormat, { mimeType: string; extension: string }> = {
	jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
	png: { mimeType: 'image/png', extension: 'png' },
	webp: { mimeType: 'image/webp', extension: 'webp' },
	gif: { mimeType: 'image/gif', extension: 'gif' },
	bmp: { mimeType: 'image/bmp', extension: 'bmp' },
	tiff: { mimeType: 'image/tiff', extension: 'tiff' },
};

function startsWith(bytes: Buffer, signature: number[], offset = 0): boolean {
	return bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
}

/** The format from the magic number, never from a name or a header the server chose. */
export function detectFormat(bytes: Buffer): ImageFormat | undefined {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
	if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
	return undefined;
}

function jpegSize(bytes: Buffer): [number, number] | undefined {
	let offset = 2;
	while (offset + 9 < bytes.length) {
		if (bytes[offset] !== 0xff) return undefined;
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset++; // fill byte
			continue;
		}
		const length = bytes.readUInt16BE(offset + 2);
		const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isStartOfFrame) return [bytes.readUInt16BE(offset + 7), bytes.readUInt16BE(offset + 5)];
		offset += 2 + length;
	}
	return undefined;
}

function webpSize(bytes: Buffer): [number, number] | undefined {
	if (bytes.length < 30) return undefined;
	const chunk = bytes.toString('ascii', 12, 16);
	if (chunk === 'VP8 ') return [bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff];
	if (chunk === 'VP8L') {
		const bits = bytes.readUInt32LE(21);
		return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
	}
	if (chunk === 'VP8X') return [bytes.readUIntLE(24, 3) + 1, bytes.readUIntLE(27, 3) + 1];
	return undefined;
}

function tiffSize(bytes: Buffer): [number, number] | undefined {
	const little = bytes[0] === 0x49;
	const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
	const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
	const ifd = u32(4);
	if (ifd + 2 > bytes.length) return undefined;
	let width: number | undefined;
	let height: number | undefined;
	const entries = u16(ifd);
	for (let i = 0; i < entries; i++) {
		const entry = ifd + 2 + i * 12;
		if (entry + 12 > bytes.length) break;
		const tag = u16(entry);
		const value = u16(entry + 2) === 3 ? u16(entry + 8) : u32(entry + 8);
		if (tag === 256) width = value;
		if (tag === 257) height = value;
	}
	return width !== undefined && height !== undefined ? [width, height] : undefined;
}

function readSize(format: ImageFormat, bytes: Buffer): [number, number] | undefined {
	try {
		switch (format) {
			case 'png':
				return bytes.length >= 24 ? [bytes.readUInt32BE(16), bytes.readUInt32BE(20)] : undefined;
			case 'gif':
				return bytes.length >= 10 ? [bytes.readUInt16LE(6), bytes.readUInt16LE(8)] : undefined;
			case 'bmp':
				return bytes.length >= 26 ? [bytes.readInt32LE(18), Math.abs(bytes.readInt32LE(22))] : undefined;
			case 'jpeg':
				return jpegSize(bytes);
			case 'webp':
				return webpSize(bytes);
			case 'tiff':
				return tiffSize(bytes);
		}
	} catch {
		return undefined; // a truncated header reads past the end: the size is unknown
	}
}

function pngTruncation(bytes: Buffer): string | undefined {
	// Chunk by chunk (length, type, data, CRC) to IEND: jumps over the data, never inflates it.
	for (let offset = 8; offset + 8 <= bytes.length; ) {
		const end = offset + 12 + bytes.readUInt32BE(offset);
		if (end > bytes.length) break;
		if (bytes.toString('latin1', offset + 4, offset + 8) === 'IEND') return undefined;
		offset = end;
	}
	return 'a PNG without its IEND end chunk';
}

function jpegTruncation(bytes: Buffer): string | undefined {
	// The segments before the first scan have lengths; the image data after it holds no 0xFFD9
	// (the encoder escapes 0xFF), so an end-of-image marker past the scan header ends the picture.
	let offset = 2;
	while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset++;
			continue;
		}
		const segmentEnd = offset + 2 + bytes.readUInt16BE(offset + 2);
		if (marker === 0xda) return bytes.lastIndexOf(END_OF_IMAGE) >= segmentEnd ? undefined : 'a JPEG without its end-of-image marker';
		offset = segmentEnd;
	}
	return 'a JPEG that ends before its image data';
}

const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

/**
 * Why the bytes are not the whole file their header announces, or undefined when they are:
 * read from the structure and the tail (PNG chunks up to IEND, JPEG end-of-image marker, the
 * WebP RIFF size, the GIF trailer, the BMP file size), never by decoding pixels. TIFF keeps no
 * such mark cheaply found: it counts as whole.
 */
export function truncation(format: ImageFormat, bytes: Buffer): string | undefined {
	switch (format) {
		case 'png':
			return pngTruncation(bytes);
		case 'jpeg':
			return jpegTruncation(bytes);
		case 'webp': {
			const announced = bytes.length >= 8 ? 8 + bytes.readUInt32LE(4) : Infinity;
			return bytes.length >= announced ? undefined : `a WebP shorter than its RIFF size (${bytes.length} of ${announced} bytes)`;
		}
		case 'gif':
			return bytes[bytes.length - 1] === 0x3b ? undefined : 'a GIF without its trailer byte';
		case 'bmp': {
			// 0 is allowed in the file-size field by old writers: then there is nothing to compare.
			const announced = bytes.length >= 6 ? bytes.readUInt32LE(2) : Infinity;
			return bytes.length >= announced ? undefined : `a BMP shorter than its header says (${bytes.length} of ${announced} bytes)`;
		}
		case 'tiff':
			return undefined;
	}
}

/** Format, MIME type and pixel size read from an image's first bytes; undefined if not an image. */
export function sniffImage(bytes: Buffer): ImageFacts | undefined {
	const format = detectFormat(bytes);
	if (!format) return undefined;
	const size = readSize(format, bytes);
	return { format, ...MIME[format], width: size?.[0], height: size?.[1] };
}
