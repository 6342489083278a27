import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { operationFailure } from '../execute/failures';
import type { RefType, ReferenceImage } from '../models/types';
import { sniffImage } from './sniff';

interface ReferenceImageEntry {
	source?: 'binary' | 'url';
	binaryPropertyName?: string;
	url?: string;
	refType?: RefType;
}

const DATA_URL = /^data:([^;,]*)(;base64)?,(.*)$/is;

function decodeDataUrl(url: string): Buffer {
	const match = DATA_URL.exec(url);
	if (!match || !match[2]) return Buffer.alloc(0); // not base64: not an image we can read
	return Buffer.from(match[3], 'base64');
}

function withFacts(image: ReferenceImage, bytes: Buffer): ReferenceImage {
	const facts = sniffImage(bytes);
	return { ...image, bytes, format: facts?.format, width: facts?.width, height: facts?.height };
}

/**
 * The item's reference images, in list order. Binary inputs are read through n8n's binary
 * helpers (so filesystem and S3 binary storage work); data: URLs are decoded here; remote
 * URLs are left for the gateway to fetch.
 */
export async function readReferenceImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	refTypes: boolean,
): Promise<ReferenceImage[]> {
	const collection = ctx.getNodeParameter('referenceImages', itemIndex, {}) as IDataObject;
	const entries = (collection.image ?? []) as ReferenceImageEntry[];
	const images: ReferenceImage[] = [];
	for (const [index, entry] of entries.entries()) {
		const position = index + 1;
		const refType = refTypes ? (entry.refType ?? 'AUTO') : 'AUTO';
		if ((entry.source ?? 'binary') === 'binary') {
			const property = entry.binaryPropertyName?.trim() || 'data';
			const label = `binary property "${property}"`;
			const item = ctx.getInputData()[itemIndex];
			if (!item?.binary?.[property]) {
				throw operationFailure(
					ctx,
					itemIndex,
					`Reference image ${position}: the input item has no binary property "${property}"`,
					{},
					'Set "Input Binary Field" to the name of the binary property holding the image, or switch the source to URL.',
				);
			}
			const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
			images.push(withFacts({ position, label, refType }, bytes));
			continue;
		}
		const url = (entry.url ?? '').trim();
		if (/^data:/i.test(url)) {
			images.push(withFacts({ position, label: 'data: URL', refType }, decodeDataUrl(url)));
		} else {
			images.push({ position, label: `URL ${url.slice(0, 80)}`, url, refType });
		}
	}
	return images;
}
