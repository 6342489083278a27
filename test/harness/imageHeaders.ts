/**
 * Byte strings that are images as far as a header reader can tell: the right magic number
 * and dimensions, padded to a chosen size, and ending as a whole file of the format ends
 * (PNG's IEND chunk, JPEG's end-of-image marker, GIF's trailer). Validation reads only
 * headers and ends, so these test the pages' limits (36,000,000 px, 10 MB…) without encoding
 * huge pictures.
 */

/** `start`, zero padding, then `end`: `totalBytes` long when given. */
function pad(start: Buffer, end: Buffer, totalBytes?: number): Buffer {
	const length = start.length + end.length;
	if (totalBytes === undefined || totalBytes <= length) return Buffer.concat([start, end]);
	return Buffer.concat([start, Buffer.alloc(totalBytes - length), end]);
}

function pngChunk(type: string, data: Buffer): Buffer {
	const chunk = Buffer.alloc(12 + data.length);
	chunk.writeUInt32BE(data.length, 0);
	chunk.write(type, 4, 'ascii');
	data.copy(chunk, 8);
	return chunk; // the CRC stays 0: no reader here checks it
}

const PNG_END = pngChunk('IEND', Buffer.alloc(0));

export function pngHeader(width: number, height: number, totalBytes?: number): Buffer {
	const header = Buffer.alloc(33);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
	header.writeUInt32BE(13, 8);
	header.write('IHDR', 12, 'ascii');
	header.writeUInt32BE(width, 16);
	header.writeUInt32BE(height, 20);
	header[24] = 8;
	header[25] = 2;
	const minimal = header.length + PNG_END.length;
	if (totalBytes === undefined || totalBytes <= minimal) return Buffer.concat([header, PNG_END]);
	const data = totalBytes - minimal - 12;
	if (data < 0) throw new Error(`pngHeader: ${totalBytes} bytes is too few for padding`);
	return Buffer.concat([header, pngChunk('IDAT', Buffer.alloc(data)), PNG_END]);
}

export function jpegHeader(width: number, height: number, totalBytes?: number): Buffer {
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
	const sof = Buffer.alloc(19);
	sof.writeUInt16BE(0xffc0, 0);
	sof.writeUInt16BE(17, 2);
	sof[4] = 8;
	sof.writeUInt16BE(height, 5);
	sof.writeUInt16BE(width, 7);
	sof[9] = 3;
	const scan = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
	return pad(Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, scan]), Buffer.from([0xff, 0xd9]), totalBytes);
}

export function gifHeader(width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.write('GIF89a', 0, 'ascii');
	header.writeUInt16LE(width, 6);
	header.writeUInt16LE(height, 8);
	return Buffer.concat([header, Buffer.from([0x3b])]);
}

export function bmpHeader(width: number, height: number): Buffer {
	const header = Buffer.alloc(54);
	header.write('BM', 0, 'ascii');
	header.writeUInt32LE(54, 2);
	header.writeUInt32LE(40, 14);
	header.writeInt32LE(width, 18);
	header.writeInt32LE(height, 22);
	return header;
}

export function tiffHeader(width: number, height: number): Buffer {
	const header = Buffer.alloc(8 + 2 + 2 * 12 + 4);
	header.write('II', 0, 'ascii');
	header.writeUInt16LE(42, 2);
	header.writeUInt32LE(8, 4);
	header.writeUInt16LE(2, 8);
	const entry = (at: number, tag: number, value: number) => {
		header.writeUInt16LE(tag, at);
		header.writeUInt16LE(4, at + 2); // LONG
		header.writeUInt32LE(1, at + 4);
		header.writeUInt32LE(value, at + 8);
	};
	entry(10, 256, width);
	entry(22, 257, height);
	return header;
}

export function webpHeader(width: number, height: number): Buffer {
	const header = Buffer.alloc(30);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(22, 4);
	header.write('WEBP', 8, 'ascii');
	header.write('VP8X', 12, 'ascii');
	header.writeUInt32LE(10, 16);
	header.writeUIntLE(width - 1, 24, 3);
	header.writeUIntLE(height - 1, 27, 3);
	return header;
}
