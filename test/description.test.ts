import type { INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { MODELS } from '../nodes/Vtrix/models';
import { Vtrix } from '../nodes/Vtrix/Vtrix.node.ts';

const description = new Vtrix().description;
const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;
const options = property('options').options as INodeProperties[];

describe('the node description', () => {
	it('is one node, usable as an AI tool, with the public parameter names', () => {
		expect(description.name).toBe('vtrix');
		expect(description.usableAsTool).toBe(true);
		expect(description.properties.map((p) => p.name)).toEqual(['operation', 'taskId', 'model', 'prompt', 'referenceImages', 'options']);
		expect((property('operation').options as Array<{ value: string }>).map((o) => o.value)).toEqual(['generate', 'submit', 'getResult']);
		expect(property('operation').default).toBe('generate');
	});

	it('offers the five models, each with a one-line description', () => {
		const models = property('model').options as Array<{ value: string; description: string }>;
		expect(models.map((m) => m.value)).toEqual(['spark_dream_4_0', 'spark_t2i_3_0', 'spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo']);
		expect(property('model').default).toBe('spark_dream_4_0');
		for (const model of models) expect(model.description.length).toBeGreaterThan(20);
	});

	it('shows Reference Images for every model that takes images, and Reference Type only for spark_multi_dreamo', () => {
		const shown = property('referenceImages').displayOptions?.show?.model;
		expect(shown).toEqual(['spark_dream_4_0', 'spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo']);
		const entry = (property('referenceImages').options as Array<{ values: INodeProperties[] }>)[0].values;
		expect(entry.map((p) => p.name)).toEqual(['source', 'binaryPropertyName', 'url', 'refType']);
		expect(entry.find((p) => p.name === 'refType')?.displayOptions?.show?.['/model']).toEqual(['spark_multi_dreamo']);
		expect(entry.find((p) => p.name === 'binaryPropertyName')?.default).toBe('data');
	});

	it.each([
		['size', ['spark_dream_4_0']],
		['sequentialImageGeneration', ['spark_dream_4_0']],
		['maxImages', ['spark_dream_4_0']],
		['stream', ['spark_dream_4_0']],
		['responseFormat', ['spark_dream_4_0']],
		['watermark', ['spark_dream_4_0']],
		['optimizePromptMode', ['spark_dream_4_0']],
		['usePreLlm', ['spark_t2i_3_0']],
		['seed', ['spark_t2i_3_0', 'spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo']],
		['width', ['spark_t2i_3_0', 'spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo']],
		['height', ['spark_t2i_3_0', 'spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo']],
		['scale', ['spark_i2i_3_0']],
		['useRephraser', ['spark_dreamo', 'spark_multi_dreamo']],
		['rephraserLevel', ['spark_multi_dreamo']],
		['guidanceScale1', ['spark_multi_dreamo']],
		['guidanceScale2', ['spark_multi_dreamo']],
		['ddimSteps', ['spark_multi_dreamo']],
		['swapFace', ['spark_multi_dreamo']],
	])('option %s is shown exactly for %j, with its range and default in the description', (name, models) => {
		const declared = options.filter((o) => o.name === name);
		const shownFor = declared.flatMap((o) => o.displayOptions?.show?.['/model'] as string[]);
		expect(shownFor.sort()).toEqual([...models].sort());
		for (const option of declared) expect(option.description).toMatch(/Default: /);
	});

	it('has the output and waiting options with their defaults', () => {
		const byName = Object.fromEntries(options.filter((o) => !o.displayOptions?.show?.['/model']).map((o) => [o.name, o.default]));
		expect(byName).toEqual({ binaryPropertyName: 'data', concurrency: 5, downloadImages: true, timeoutSeconds: 600 });
		expect(options.find((o) => o.name === 'timeoutSeconds')?.typeOptions?.maxValue).toBe(7200);
	});

	it('offers "Check Reference Image URLs", on by default, for the models that take reference images', () => {
		const check = options.find((o) => o.name === 'checkReferenceUrls');
		expect(check).toMatchObject({ displayName: 'Check Reference Image URLs', type: 'boolean', default: true });
		expect(check?.displayOptions?.show?.['/model']).toEqual(MODELS.filter((model) => model.referenceImages).map((model) => model.id));
		expect(check?.displayOptions?.show?.['/operation']).toEqual(['generate', 'submit']);
	});

	it('is assembled from the model registry: every declared option is offered', () => {
		for (const model of MODELS) {
			for (const option of model.options) {
				const offered = options.find(
					(o) => o.name === option.name && (o.displayOptions?.show?.['/model'] as string[]).includes(model.id),
				);
				expect(offered?.displayName, `${model.id}.${option.name}`).toBe(option.property.displayName);
			}
		}
	});
});
