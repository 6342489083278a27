import { describe, expect, it } from 'vitest';

import { sniffImage, truncation } from '../../nodes/Vtrix/images/sniff';
import type { ImageFormat } from '../../nodes/Vtrix/models/types';
import { renderImage } from '../fake-gateway/images';
import { bmpHeader, gifHeader, jpegHeader, pngHeader, tiffHeader, webpHeader } from '../harness/imageHeaders';

describe('sniffImage reads format and size from the bytes', () => {
	it.each([
		['png', pngHeader(640, 480), 'image/png'],
		['jpeg', jpegHeader(641, 481), 'image/jpeg'],
		['webp', webpHeader(642, 482), 'image/webp'],
		['gif', gifHeader(643, 483), 'image/gif'],
		['bmp', bmpHeader(644, 484), 'image/bmp'],
		['tiff', tiffHeader(645, 485), 'image/tiff'],
	])('%s header gives format and MIME type', (format, bytes, mimeType) => {
		const facts = sniffImage(bytes);
		expect(facts?.format).toBe(format);
		expect(facts?.mimeType).toBe(mimeType);
	});

	it('reads the exact size of headers and of real encoded images', () => {
		expect(sniffImage(pngHeader(640, 480))).toMatchObject({ width: 640, height: 480 });
		expect(sniffImage(jpegHeader(641, 481))).toMatchObject({ width: 641, height: 481 });
		expect(sniffImage(webpHeader(642, 482))).toMatchObject({ width: 642, height: 482 });
		expect(sniffImage(gifHeader(643, 483))).toMatchObject({ width: 643, height: 483 });
		expect(sniffImage(bmpHeader(644, 484))).toMatchObject({ width: 644, height: 484 });
		expect(sniffImage(tiffHeader(645, 485))).toMatchObject({ width: 645, height: 485 });
		expect(sniffImage(renderImage({ width: 96, height: 40, format: 'jpeg', label: 'x' }))).toMatchObject({ format: 'jpeg', width: 96, height: 40 });
		expect(sniffImage(renderImage({ width: 33, height: 71, format: 'png', label: 'x' }))).toMatchObject({ format: 'png', width: 33, height: 71 });
		expect(sniffImage(renderImage({ width: 20, height: 10, format: 'webp', label: 'x' }))?.format).toBe('webp');
	});

	describe('truncation: whole files pass, files cut short say why', () => {
		const whole = {
			png: renderImage({ width: 33, height: 71, format: 'png', label: 'x' }),
			jpeg: renderImage({ width: 96, height: 40, format: 'jpeg', label: 'x' }),
			webp: renderImage({ width: 20, height: 10, format: 'webp', label: 'x' }),
			gif: gifHeader(10, 10),
			bmp: bmpHeader(10, 10),
		};
		it.each(Object.entries(whole))('a whole %s passes; one byte less does not', (format, bytes) => {
			expect(truncation(format as ImageFormat, bytes)).toBeUndefined();
			expect(truncation(format as ImageFormat, bytes.subarray(0, bytes.length - 1))).toMatch(/^an? (PNG|JPEG|WebP|GIF|BMP) /);
		});

		it('says what is missing', () => {
			expect(truncation('png', whole.png.subarray(0, whole.png.length - 12))).toBe('a PNG without its IEND end chunk');
			expect(truncation('png', whole.png.subarray(0, 100))).toBe('a PNG without its IEND end chunk');
			expect(truncation('jpeg', whole.jpeg.subarray(0, whole.jpeg.length - 100))).toBe('a JPEG without its end-of-image marker');
			expect(truncation('jpeg', whole.jpeg.subarray(0, 10))).toBe('a JPEG that ends before its image data');
			expect(truncation('webp', whole.webp.subarray(0, 100))).toBe(`a WebP shorter than its RIFF size (100 of ${whole.webp.length} bytes)`);
		});

		it('takes bytes after a JPEG end marker (appended data), and ignores an end marker inside metadata', () => {
			expect(truncation('jpeg', Buffer.concat([whole.jpeg, Buffer.from('trailing data')]))).toBeUndefined();
			const exif = Buffer.from([0xff, 0xe1, 0x00, 0x06, 0xff, 0xd9, 0x00, 0x00]);
			const withThumbnailEnd = Buffer.concat([whole.jpeg.subarray(0, 2), exif, whole.jpeg.subarray(2, whole.jpeg.length - 100)]);
			expect(truncation('jpeg', withThumbnailEnd)).toBe('a JPEG without its end-of-image marker');
		});

		it('has no cheap mark for TIFF: it counts as whole', () => {
			expect(truncation('tiff', tiffHeader(10, 10).subarray(0, 20))).toBeUndefined();
		});
	});

	it('is undefined for bytes that are not an image, and survives truncated headers', () => {
		expect(sniffImage(Buffer.from('<html>nope</html>'))).toBeUndefined();
		expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
		expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ format: 'jpeg', width: undefined });
	});
});
