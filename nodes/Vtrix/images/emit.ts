import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { TaskSnapshot } from '../gateway/task';
import { fetchImage } from './download';

export interface EmitSettings {
	model: string;
	binaryPropertyName: string;
	downloadImages: boolean;
	/** Facts about the request to repeat on every image item (prompt, seed, warnings…). */
	requestFacts: IDataObject;
	startedAt: number;
	/** The item's deadline (epoch ms), which bounds the downloads too. */
	deadline: number;
	signal?: AbortSignal;
}

/**
 * One item per image of a completed task, in order. Images are fetched one at a time and
 * the task lets go of each image's bytes once n8n holds them.
 */
export async function emitImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	task: TaskSnapshot,
	settings: EmitSettings,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	const imageCount = task.images.length;
	for (const image of task.images) {
		const json: IDataObject = {
			taskId: task.id,
			model: task.model ?? settings.model,
			status: task.status,
			imageIndex: image.index,
			imageCount,
			url: image.url ?? null,
			width: null,
			height: null,
			bytes: image.reportedBytes ?? null,
			mimeType: null,
			usage: (task.usage as IDataObject | undefined) ?? null,
			cost: task.cost ?? null,
			...settings.requestFacts,
		};
		if (!settings.downloadImages && image.url !== undefined) {
			items.push({ json: { ...json, elapsedMs: Date.now() - settings.startedAt }, pairedItem: { item: itemIndex } });
			continue;
		}
		const downloaded = await fetchImage(image, { ctx, itemIndex, taskId: task.id, signal: settings.signal, deadline: settings.deadline });
		image.base64 = undefined;
		image.bytes = undefined;
		const fileName = `${json.model as string}-${task.id}-${image.index}.${downloaded.extension}`;
		const binary = await ctx.helpers.prepareBinaryData(downloaded.bytes, fileName, downloaded.mimeType);
		items.push({
			json: {
				...json,
				width: downloaded.width ?? null,
				height: downloaded.height ?? null,
				bytes: downloaded.bytes.length,
				mimeType: downloaded.mimeType,
				elapsedMs: Date.now() - settings.startedAt,
			},
			binary: { [settings.binaryPropertyName]: binary },
			pairedItem: { item: itemIndex },
		});
	}
	return items;
}
