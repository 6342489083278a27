import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { decimalNumber } from '../validation/rules';
import { operationFailure } from './failures';

export const DEFAULT_TIMEOUT_SECONDS = 600;
export const MAX_TIMEOUT_SECONDS = 7200;
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 20;

export interface OutputSettings {
	binaryPropertyName: string;
	timeoutMs: number;
	downloadImages: boolean;
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

const unset = (value: unknown) => value === undefined || value === null || value === '';

function wholeNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	name: string,
	range: { min: number; max: number; fallback: number },
): number {
	if (unset(value)) return range.fallback;
	const n = decimalNumber(value);
	if (n === undefined || !Number.isInteger(n) || n < range.min || n > range.max) {
		throw operationFailure(ctx, itemIndex, `${name} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`);
	}
	return n;
}

export function switchSetting(ctx: IExecuteFunctions, itemIndex: number, value: unknown, name: string, fallback: boolean): boolean {
	if (unset(value)) return fallback;
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	throw operationFailure(ctx, itemIndex, `${name} must be true or false, got ${JSON.stringify(value)}`);
}

function fieldName(ctx: IExecuteFunctions, itemIndex: number, value: unknown): string {
	if (unset(value)) return 'data';
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw operationFailure(ctx, itemIndex, `Put Output in Field must be the name of a binary property, got ${JSON.stringify(value)}`);
	}
	return String(value).trim() || 'data';
}

/**
 * The item's run settings, validated. `emitsImages` is false for Submit, which shows (and
 * reads) only the timeout: an output setting left over from another operation is ignored.
 */
export function readOutputSettings(ctx: IExecuteFunctions, itemIndex: number, emitsImages = true): OutputSettings {
	const options = readOptions(ctx, itemIndex);
	const timeoutSeconds = wholeNumber(ctx, itemIndex, options.timeoutSeconds, 'Timeout (Seconds)', {
		min: 1,
		max: MAX_TIMEOUT_SECONDS,
		fallback: DEFAULT_TIMEOUT_SECONDS,
	});
	if (!emitsImages) return { binaryPropertyName: 'data', timeoutMs: timeoutSeconds * 1000, downloadImages: true };
	return {
		binaryPropertyName: fieldName(ctx, itemIndex, options.binaryPropertyName),
		timeoutMs: timeoutSeconds * 1000,
		downloadImages: switchSetting(ctx, itemIndex, options.downloadImages, 'Download Images', true),
	};
}

export function readConcurrency(ctx: IExecuteFunctions): number {
	const options = readOptions(ctx, 0);
	return wholeNumber(ctx, 0, options.concurrency, 'Concurrency', { min: 1, max: MAX_CONCURRENCY, fallback: DEFAULT_CONCURRENCY });
}
