import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';
import { beforeAll, describe, expect, it } from 'vitest';

import { renderImage } from '../fake-gateway';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { runVtrix } from '../harness/runVtrix';

/**
 * n8n's default binary mode on a server is the file system: binary data in items is then
 * only an id. The node must read reference images and store results through n8n's binary
 * helpers, never from `binary.data` directly.
 */
const gateway = useFakeGateway();
let service: BinaryDataService;

beforeAll(async () => {
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = mkdtempSync(join(tmpdir(), 'vtrix-binary-'));
	service = Container.get(BinaryDataService);
	await service.init();
});

describe('with n8n binary data in filesystem mode', () => {
	it('reads a reference image stored on disk and stores the results on disk', async () => {
		const photo = renderImage({ width: 64, height: 48, format: 'png', label: 'product' });
		const stored = await service.store({ type: 'execution', workflowId: 'wf-test', executionId: 'exec-input' }, photo, {
			mimeType: 'image/png',
			fileName: 'product.png',
			data: '',
		});
		expect(stored.id).toMatch(/^filesystem-v2:/);
		const input: INodeExecutionData = { json: {}, binary: { photo: stored } };

		const { items } = await runVtrix({
			parameters: {
				operation: 'generate',
				model: 'spark_i2i_3_0',
				prompt: 'on a marble table',
				referenceImages: { image: [{ source: 'binary', binaryPropertyName: 'photo' }] },
			},
			items: [input],
			credentials: { baseUrl: gateway().baseUrl },
		});

		const sent = (gateway().submits()[0].body as { input: Array<{ params: { binary_data_base64: string[] } }> }).input[0].params;
		expect(Buffer.from(sent.binary_data_base64[0], 'base64').equals(photo)).toBe(true);
		const result = items[0].binary?.data;
		expect(result?.id).toMatch(/^filesystem-v2:/);
		expect(result?.mimeType).toBe('image/jpeg');
		const bytes = await service.getAsBuffer(result!);
		expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
	});
});
