import type { SubmitBody } from '../gateway/submit';
import type { ModelDeclaration, ReferenceImage } from '../models/types';

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
	let node = target;
	for (const key of path.slice(0, -1)) {
		node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
		node = node[key] as Record<string, unknown>;
	}
	node[path[path.length - 1]] = value;
}

/** Options the user left at the page's default are not sent, so the gateway's default applies. */
function optionsToSend(model: ModelDeclaration, values: Record<string, unknown>): Set<string> {
	const declared = model.options.filter((option) => values[option.name] !== undefined);
	const send = new Set(declared.filter((option) => values[option.name] !== option.property.default).map((o) => o.name));
	for (const option of declared) {
		if (option.sendWith?.some((partner) => send.has(partner))) send.add(option.name);
	}
	return send;
}

function dataUrl(image: ReferenceImage): string {
	return `data:image/${image.format};base64,${(image.bytes as Buffer).toString('base64')}`;
}

function placeImages(model: ModelDeclaration, images: readonly ReferenceImage[], params: Record<string, unknown>): void {
	const support = model.referenceImages;
	if (!support || images.length === 0) return;
	if (support.transport === 'image') {
		const values = images.map((image) => image.url ?? dataUrl(image));
		params.image = values.length === 1 ? values[0] : values;
	} else if (images.every((image) => image.url !== undefined)) {
		params.image_urls = images.map((image) => image.url);
	} else {
		params.binary_data_base64 = images.map((image) => (image.bytes as Buffer).toString('base64'));
	}
	if (support.refTypes && images.some((image) => image.refType !== 'AUTO')) {
		params.ref_type_list = images.map((image) => image.refType);
	}
}

/** The submit body: `{model, input: [{params}]}` with the page's snake_case field names. */
export function buildSubmitBody(
	model: ModelDeclaration,
	prompt: string,
	options: Record<string, unknown>,
	images: readonly ReferenceImage[],
): SubmitBody {
	const params: Record<string, unknown> = { prompt };
	const send = optionsToSend(model, options);
	for (const option of model.options) {
		if (send.has(option.name)) setPath(params, option.field, options[option.name]);
	}
	placeImages(model, images, params);
	return { model: model.id, input: [{ params }] };
}
