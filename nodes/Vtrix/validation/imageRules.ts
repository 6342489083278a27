import { z } from 'zod';

import type { ImageFormat, ReferenceImage } from '../models/types';
import { reportIssue } from './issues';

export const MEGABYTE = 1024 * 1024;

/** A model page's input-image requirements, with the codes its gateway answers. */
export interface ImageRules {
	min: number;
	max: number;
	formats: readonly ImageFormat[];
	maxBytes: number;
	/** Each side must be at most this (px). */
	maxSide?: number;
	/** Each side must be greater than this (px). */
	minSideExclusive?: number;
	maxPixels?: number;
	/** Hard limit on long side / short side. */
	maxAspect?: number;
	/** A ratio the page only recommends: outside it is a warning, not an error. */
	recommendedMaxAspect?: { ratio: number; text: string };
	codes: {
		missing: string;
		count: string;
		format: string;
		size: string;
		/** Set when URLs and uploaded bytes cannot travel in one request. */
		mixedSources?: string;
	};
}

export function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

function aspect(width: number, height: number): number {
	return Math.max(width, height) / Math.min(width, height);
}

/**
 * An image the user named that is not there (a missing binary property): the page's "missing
 * image" code where the model requires images; spark_dream_4_0, whose images are optional,
 * has no such code, so its format code.
 */
function absentCode(rules: ImageRules): string {
	return rules.min > 0 ? rules.codes.missing : rules.codes.format;
}

function checkOne(image: ReferenceImage, rules: ImageRules, ctx: z.RefinementCtx, index: number): void {
	const path = [index];
	if (image.url !== undefined && !isHttpUrl(image.url)) {
		reportIssue(ctx, rules.codes.format, `must be an http(s) URL or a data: URL, got ${JSON.stringify(image.url.slice(0, 80))}`, path);
		return;
	}
	if (image.unreadable) {
		reportIssue(ctx, image.unreadable.absent ? absentCode(rules) : rules.codes.format, image.unreadable.detail, path);
		return;
	}
	if (!image.bytes && !image.format) return; // a remote image left unchecked: the gateway checks what it fetches
	if (!image.format || !rules.formats.includes(image.format)) {
		const seen = image.format ? image.format.toUpperCase() : 'not a recognised image';
		const allowed = rules.formats.map((f) => f.toUpperCase()).join(', ');
		reportIssue(ctx, rules.codes.format, `is ${seen}; this model accepts ${allowed}`, path);
		return;
	}
	if (image.truncated) {
		reportIssue(ctx, rules.codes.format, `is cut short: ${image.truncated}`, path);
		return;
	}
	const byteSize = image.bytes?.length ?? image.byteSize;
	if (byteSize !== undefined && byteSize > rules.maxBytes) {
		const mb = (byteSize / MEGABYTE).toFixed(2);
		reportIssue(ctx, rules.codes.size, `is ${mb} MB; the limit is ${(rules.maxBytes / MEGABYTE).toFixed(1)} MB`, path);
		return;
	}
	const { width, height } = image;
	if (!width || !height) {
		// A remote image's first bytes may end before its size: the gateway judges that one.
		if (image.bytes) reportIssue(ctx, rules.codes.format, 'has an unreadable header (no width and height)', path);
		return;
	}
	const dims = `${width}x${height}`;
	if (rules.maxSide !== undefined && Math.max(width, height) > rules.maxSide) {
		reportIssue(ctx, rules.codes.size, `is ${dims}; each side must be at most ${rules.maxSide} px`, path);
	} else if (rules.minSideExclusive !== undefined && Math.min(width, height) <= rules.minSideExclusive) {
		reportIssue(ctx, rules.codes.size, `is ${dims}; each side must be more than ${rules.minSideExclusive} px`, path);
	} else if (rules.maxPixels !== undefined && width * height > rules.maxPixels) {
		reportIssue(ctx, rules.codes.size, `is ${dims} = ${width * height} px; the limit is ${rules.maxPixels} px`, path);
	} else if (rules.maxAspect !== undefined && aspect(width, height) > rules.maxAspect) {
		reportIssue(
			ctx,
			rules.codes.size,
			`is ${dims}, aspect ratio ${aspect(width, height).toFixed(2)}:1; the long side may be at most ${rules.maxAspect} times the short side`,
			path,
		);
	}
}

export function imagesSchema(rules: ImageRules) {
	return z.array(z.custom<ReferenceImage>()).superRefine((images, ctx) => {
		if (images.length < rules.min) {
			const need = rules.min === rules.max ? `exactly ${rules.min}` : `at least ${rules.min}`;
			reportIssue(ctx, rules.codes.missing, `must hold ${need} image(s) for this model, got ${images.length}`);
			return;
		}
		if (images.length > rules.max) {
			const allowed = rules.min === rules.max ? `exactly ${rules.max}` : `at most ${rules.max}`;
			reportIssue(ctx, rules.codes.count, `must hold ${allowed} image(s) for this model, got ${images.length}`);
			return;
		}
		if (rules.codes.mixedSources) {
			const remote = images.filter((image) => image.url !== undefined).length;
			if (remote > 0 && remote < images.length) {
				reportIssue(
					ctx,
					rules.codes.mixedSources,
					'must be all URLs or all uploaded images (binary or data: URLs): this model cannot take both in one request',
				);
				return;
			}
		}
		images.forEach((image, index) => checkOne(image, rules, ctx, index));
	});
}

export function imageWarnings(images: readonly ReferenceImage[], rules: ImageRules): string[] {
	const advice = rules.recommendedMaxAspect;
	if (!advice) return [];
	return images
		.filter((image) => image.width && image.height && aspect(image.width, image.height) > advice.ratio)
		.map(
			(image) =>
				`Reference image ${image.position} (${image.label}) is ${image.width}x${image.height}, outside the recommended aspect ratio ${advice.text}: results may be poor.`,
		);
}
