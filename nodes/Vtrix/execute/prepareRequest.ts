import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SubmitBody } from '../gateway/submit';
import { readReferenceImages, type UrlCheck } from '../images/referenceImages';
import { findModel, MODELS } from '../models';
import type { GenerationDraft, ModelDeclaration } from '../models/types';
import { explainIssue } from '../validation/explainIssues';
import { buildSubmitBody } from './buildRequest';
import { operationFailure } from './failures';
import { readOptions, switchSetting } from './settings';

export interface PreparedRequest {
	model: ModelDeclaration;
	body: SubmitBody;
	warnings: string[];
	/** Repeated on every output item. */
	facts: IDataObject;
}

function readDraft(ctx: IExecuteFunctions, itemIndex: number, model: ModelDeclaration): Omit<GenerationDraft, 'images'> {
	const all = readOptions(ctx, itemIndex);
	const options: Record<string, unknown> = {};
	for (const option of model.options) {
		if (all[option.name] !== undefined) options[option.name] = all[option.name];
	}
	return { prompt: ctx.getNodeParameter('prompt', itemIndex, '') as string, options };
}

function checkedUrls(ctx: IExecuteFunctions, itemIndex: number, urls: UrlCheck): UrlCheck | undefined {
	const check = switchSetting(ctx, itemIndex, readOptions(ctx, itemIndex).checkReferenceUrls, 'Check Reference Image URLs', true);
	return check ? urls : undefined;
}

/**
 * Reads and validates one item; throws the page's code before anything is sent. Reference
 * image URLs are checked with `urls` unless the item's "Check Reference Image URLs" is off.
 */
export async function prepareRequest(ctx: IExecuteFunctions, itemIndex: number, urls: UrlCheck): Promise<PreparedRequest> {
	const modelId = ctx.getNodeParameter('model', itemIndex) as string;
	const model = findModel(modelId);
	if (!model) {
		const known = MODELS.map((m) => m.id).join(', ');
		throw operationFailure(ctx, itemIndex, `Unknown model ${JSON.stringify(modelId)}; choose one of ${known}`);
	}
	const images = model.referenceImages ? await readReferenceImages(ctx, itemIndex, { refTypes: model.referenceImages.refTypes, urls: checkedUrls(ctx, itemIndex, urls) }) : [];
	const draft: GenerationDraft = { ...readDraft(ctx, itemIndex, model), images };
	const result = model.schema.safeParse(draft);
	if (!result.success) {
		const [first, ...others] = result.error.issues.map((issue) => explainIssue(issue, model, draft));
		const description = others.length
			? `Also: ${others.map((issue) => issue.message).join(' | ')}. Nothing was sent to the gateway.`
			: 'Nothing was sent to the gateway.';
		throw operationFailure(ctx, itemIndex, first.message, { code: first.code }, description);
	}
	const body = buildSubmitBody(model, draft.prompt, result.data.options, images);
	const params = body.input[0].params;
	const facts: IDataObject = { prompt: draft.prompt };
	if (params.seed !== undefined) facts.seed = params.seed as number;
	if (result.data.warnings.length) facts.warnings = result.data.warnings;
	return { model, body, warnings: result.data.warnings, facts };
}
