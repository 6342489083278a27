import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RefType, ReferenceImage } from '../models/types';
import { isHttpUrl } from '../validation/imageRules';
import type { ReferenceUrlChecker } from './referenceUrlCheck';
import { sniffImage, truncation } from './sniff';

interface ReferenceImageEntry {
	source?: 'binary' | 'url';
	binaryPropertyName?: string;
	url?: string;
	refType?: RefType;
}

/** How remote URLs are checked before anything is sent. */
export interface UrlCheck {
	checker: ReferenceUrlChecker;
	limitMs: number;
}

export interface ReferenceReading {
	refTypes: boolean;
	/** Absent when the user turned the check off. */
	urls?: UrlCheck;
}

const DATA_URL = /^data:([^;,]*)(;base64)?,(.*)$/is;

/** Base64 as the fetch standard's "forgiving" decoding takes it (ASCII whitespace already dropped). */
function isBase64(text: string): boolean {
	const data = text.replace(/={1,2}$/, '');
	if (/[^A-Za-z0-9+/]/.test(data) || data.length % 4 === 1) return false;
	return data.length === text.length || text.length % 4 === 0;
}

type Facts = Pick<ReferenceImage, 'bytes' | 'format' | 'width' | 'height' | 'truncated' | 'unreadable'>;

function bytesFacts(bytes: Buffer): Facts {
	const facts = sniffImage(bytes);
	if (!facts) return { bytes };
	return { bytes, format: facts.format, width: facts.width, height: facts.height, truncated: truncation(facts.format, bytes) };
}

function dataUrlFacts(url: string): Facts {
	const match = DATA_URL.exec(url);
	if (!match || !match[2]) return { bytes: Buffer.alloc(0) }; // not base64: not an image we can read
	const base64 = match[3].replace(/[\t\n\f\r ]/g, '');
	if (!isBase64(base64)) return { unreadable: { detail: 'is a data: URL whose base64 holds characters outside base64 (or is cut short)' } };
	return bytesFacts(Buffer.from(base64, 'base64'));
}

async function readEntry(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: ReferenceImageEntry,
	urls: UrlCheck | undefined,
): Promise<Pick<ReferenceImage, 'label' | 'url'> & Facts> {
	if ((entry.source ?? 'binary') === 'binary') {
		const property = entry.binaryPropertyName?.trim() || 'data';
		const label = `binary property "${property}"`;
		if (!ctx.getInputData()[itemIndex]?.binary?.[property]) {
			const detail = `is not on the input item: set "Input Binary Field" to the binary property holding the image, or switch the source to URL`;
			return { label, unreadable: { detail, absent: true } };
		}
		return { label, ...bytesFacts(await ctx.helpers.getBinaryDataBuffer(itemIndex, property)) };
	}
	const url = (entry.url ?? '').trim();
	if (/^data:/i.test(url)) return { label: 'data: URL', ...dataUrlFacts(url) };
	const image = { label: `URL ${url.slice(0, 80)}`, url };
	if (!urls || !isHttpUrl(url)) return image;
	const { problem, ...facts } = await urls.checker.check(url, urls.limitMs);
	return problem ? { ...image, unreadable: { detail: problem } } : { ...image, ...facts };
}

/**
 * The item's reference images, in list order, with what is known of each. Binary inputs are
 * read through n8n's binary helpers (so filesystem and S3 binary storage work); data: URLs
 * are decoded here; remote URLs are checked by their first bytes unless the check is off.
 * Nothing is judged here: the model's rules do that (validation/imageRules.ts).
 */
export async function readReferenceImages(ctx: IExecuteFunctions, itemIndex: number, reading: ReferenceReading): Promise<ReferenceImage[]> {
	const collection = ctx.getNodeParameter('referenceImages', itemIndex, {}) as IDataObject;
	const entries = (collection.image ?? []) as ReferenceImageEntry[];
	return await Promise.all(
		entries.map(async (entry, index) => ({
			position: index + 1,
			refType: reading.refTypes ? (entry.refType ?? 'AUTO') : 'AUTO',
			...(await readEntry(ctx, itemIndex, entry, reading.urls)),
		})),
	);
}
