import { describe, expect, it } from 'vitest';

import { sniffImage } from '../../nodes/Vtrix/images/sniff';
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

	it('is undefined for bytes that are not an image, and survives truncated headers', () => {
		expect(sniffImage(Buffer.from('<html>nope</html>'))).toBeUndefined();
		expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
		expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ format: 'jpeg', width: undefined });
	});
});
