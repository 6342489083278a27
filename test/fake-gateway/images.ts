import { createHash } from 'node:crypto';
import { encode as encodeJpeg } from 'jpeg-js';
import { encodePng } from './png';
import type { ImageFormat } from './types';
import { encodeWebp } from './webp';

export interface RenderRequest {
	width: number;
	height: number;
	format: ImageFormat;
	/** Picks the colours: different labels (e.g. prompts) give different pictures. */
	label: string;
}

export const CONTENT_TYPES: Record<ImageFormat, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
};

export const FILE_EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp' };

// Tests and the demo ask for the same few pictures again and again; a 2048x2048 JPEG takes
// a while to encode. Bounded so a long demo session does not grow without end.
const CACHE_LIMIT = 64;
const cache = new Map<string, Buffer>();

export function renderImage(request: RenderRequest): Buffer {
	const key = `${request.format}:${request.width}x${request.height}:${request.label}`;
	const cached = cache.get(key);
	if (cached) return cached;

	const rgb = paint(request.width, request.height, request.label);
	const bytes = encode(request.format, request.width, request.height, rgb);
	if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
	cache.set(key, bytes);
	return bytes;
}

function encode(format: ImageFormat, width: number, height: number, rgb: Buffer): Buffer {
	switch (format) {
		case 'png':
			return encodePng(width, height, rgb);
		case 'webp':
			return encodeWebp(width, height, rgb);
		case 'jpeg':
			return encodeJpeg({ width, height, data: rgbToRgba(rgb) }, 85).data;
	}
}

function rgbToRgba(rgb: Buffer): Buffer {
	const rgba = Buffer.alloc((rgb.length / 3) * 4, 0xff);
	for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
		rgba[j] = rgb[i];
		rgba[j + 1] = rgb[i + 1];
		rgba[j + 2] = rgb[i + 2];
	}
	return rgba;
}

/** A diagonal gradient between two colours, with soft stripes and a disc in a third colour. */
function paint(width: number, height: number, label: string): Buffer {
	const seed = createHash('sha256').update(label).digest();
	const from = [seed[0], seed[1], seed[2]];
	const to = [seed[3], seed[4], seed[5]];
	const disc = [seed[6], seed[7], seed[8]];
	const stripePeriod = 16 + (seed[9] % 48);
	const discX = width * (0.25 + (seed[10] / 255) * 0.5);
	const discY = height * (0.25 + (seed[11] / 255) * 0.5);
	const discRadius2 = (Math.min(width, height) * (0.15 + (seed[12] / 255) * 0.15)) ** 2;
	const diagonal = width + height - 2 || 1;

	const rgb = Buffer.alloc(width * height * 3);
	let i = 0;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++, i += 3) {
			const t = (x + y) / diagonal;
			const shade = ((x + 2 * y) % stripePeriod) < stripePeriod / 2 ? 1 : 0.85;
			const inDisc = (x - discX) ** 2 + (y - discY) ** 2 < discRadius2;
			for (let c = 0; c < 3; c++) {
				rgb[i + c] = inDisc ? disc[c] : (from[c] + (to[c] - from[c]) * t) * shade;
			}
		}
	}
	return rgb;
}

export interface ImageSize {
	width: number;
	height: number;
	format: ImageFormat;
}

/** Reads width and height from a PNG, JPEG or WebP header; undefined for anything else. */
export function imageSize(buf: Buffer): ImageSize | undefined {
	if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.toString('latin1', 12, 16) === 'IHDR') {
		return { format: 'png', width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
	}
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return jpegSize(buf);
	if (buf.length >= 30 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') {
		return webpSize(buf);
	}
	return undefined;
}

function jpegSize(buf: Buffer): ImageSize | undefined {
	let offset = 2;
	while (offset + 9 <= buf.length) {
		if (buf[offset] !== 0xff) return undefined;
		const marker = buf[offset + 1];
		if (marker === 0xff) {
			offset++; // fill byte
			continue;
		}
		// SOF0-SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { format: 'jpeg', height: buf.readUInt16BE(offset + 5), width: buf.readUInt16BE(offset + 7) };
		}
		offset += 2 + buf.readUInt16BE(offset + 2);
	}
	return undefined;
}

function webpSize(buf: Buffer): ImageSize | undefined {
	const chunk = buf.toString('latin1', 12, 16);
	if (chunk === 'VP8L' && buf[20] === 0x2f) {
		const bits = buf.readUInt32LE(21);
		return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ') {
		return { format: 'webp', width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
	}
	if (chunk === 'VP8X') {
		return { format: 'webp', width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
	}
	return undefined;
}
