import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { detectFormat } from '../../nodes/Vtrix/images/sniff';

export type ImageInput = Buffer | string | { bytes: Buffer; refType: string } | { url: string; refType: string };

/**
 * Turns a list of images into what the node reads: one input item whose binary
 * properties `img0`, `img1`… hold the buffers, and the `referenceImages` parameter that
 * points at them (strings become URL entries).
 */
export function referenceInputs(images: ImageInput[]): { items: INodeExecutionData[]; referenceImages: IDataObject } {
	const binary: NonNullable<INodeExecutionData['binary']> = {};
	const entries = images.map((image, index) => {
		const refType = typeof image === 'object' && 'refType' in image ? image.refType : undefined;
		const url = typeof image === 'string' ? image : 'url' in image ? image.url : undefined;
		const bytes = Buffer.isBuffer(image) ? image : typeof image === 'object' && 'bytes' in image ? image.bytes : undefined;
		const entry: IDataObject = refType ? { refType } : {};
		if (url !== undefined) return { ...entry, source: 'url', url };
		const property = `img${index}`;
		const format = detectFormat(bytes as Buffer) ?? 'octet-stream';
		binary[property] = { data: (bytes as Buffer).toString('base64'), mimeType: `image/${format}`, fileName: `${property}.${format}` };
		return { ...entry, source: 'binary', binaryPropertyName: property };
	});
	return { items: [{ json: {}, binary }], referenceImages: { image: entries } };
}
