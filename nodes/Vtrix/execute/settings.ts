import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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

function wholeNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	name: string,
	range: { min: number; max: number; fallback: number },
): number {
	if (value === undefined || value === null || value === '') return range.fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < range.min || n > range.max) {
		throw operationFailure(ctx, itemIndex, `${name} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`);
	}
	return n;
}

export function readOutputSettings(ctx: IExecuteFunctions, itemIndex: number): OutputSettings {
	const options = readOptions(ctx, itemIndex);
	const timeoutSeconds = wholeNumber(ctx, itemIndex, options.timeoutSeconds, 'Timeout (Seconds)', {
		min: 1,
		max: MAX_TIMEOUT_SECONDS,
		fallback: DEFAULT_TIMEOUT_SECONDS,
	});
	const binaryPropertyName = String(options.binaryPropertyName ?? '').trim() || 'data';
	return { binaryPropertyName, timeoutMs: timeoutSeconds * 1000, downloadImages: options.downloadImages !== false };
}

export function readConcurrency(ctx: IExecuteFunctions): number {
	const options = readOptions(ctx, 0);
	return wholeNumber(ctx, 0, options.concurrency, 'Concurrency', { min: 1, max: MAX_CONCURRENCY, fallback: DEFAULT_CONCURRENCY });
}
