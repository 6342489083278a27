import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { Redactor, withSecretsRedacted } from '../../nodes/Vtrix/execute/redact';

const KEY = 'sa-k3y/with+odd "chars" & space';
const node = { id: '1', name: 'Vtrix', type: 'vtrix', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

describe('Redactor', () => {
	const redactor = new Redactor(KEY);

	it.each([
		['as sent', `key=${KEY}.`],
		['JSON-escaped', JSON.stringify({ key: KEY })],
		['URL-encoded', `https://x.test/?k=${encodeURIComponent(KEY)}`],
	])('removes the key %s', (_name, text) => {
		const redacted = redactor.text(text);
		expect(redacted).toContain('***');
		expect(redacted).not.toContain('k3y');
	});

	it.each([
		['Authorization: Bearer abc.def-123', 'Authorization: Bearer ***'],
		['{"authorization":"bearer abc.def-123"}', '{"authorization":"Bearer ***"}'],
		['(Bearer abc) and Bearer\txyz, done', '(Bearer ***) and Bearer ***, done'],
	])('masks any Bearer value: %s', (text, expected) => {
		expect(redactor.text(text)).toBe(expected);
	});

	it('leaves other text alone', () => {
		expect(redactor.text('Task task_1 failed: 003012095 Internal generation error')).toBe('Task task_1 failed: 003012095 Internal generation error');
	});

	it('copies values with every string and key redacted, shared and circular parts included', () => {
		const shared = { note: `for ${KEY}` };
		const value: Record<string, unknown> = { a: shared, b: [shared, 3, null, `Bearer ${KEY}`], [KEY]: true };
		value.self = value;
		const copy = redactor.value(value) as Record<string, unknown>;
		expect(JSON.stringify({ ...copy, self: undefined })).not.toContain('k3y');
		expect(copy.self).toBe(copy);
		expect(shared.note).toContain(KEY); // the original is untouched
	});

	it("redacts NodeApiError in place: message, stack, description, messages, context and the response copy, not the node", () => {
		const error = new NodeApiError(node, { message: `echo ${KEY}`, status: 400 }, { message: `failed: ${KEY}`, description: `see ${KEY}`, httpCode: '400' });
		error.context.data = { echoed: KEY };
		const same = redactor.error(error);
		expect(same).toBe(error);
		const fields = Object.fromEntries(Object.entries(error).filter(([name]) => name !== 'node'));
		const said = [error.message, error.stack, error.description, JSON.stringify(fields)].join('\n');
		expect(said).not.toContain('k3y');
		expect(said).toContain('failed: ***');
		expect(error.node).toBe(node);
	});
});

describe('withSecretsRedacted', () => {
	it('redacts the output items and the thrown error', async () => {
		const items = await withSecretsRedacted(KEY, async () => [{ json: { url: `https://x.test/a.png?k=${KEY}` } }]);
		expect(items[0].json.url).toBe('https://x.test/a.png?k=***');
		const thrown = await withSecretsRedacted(KEY, async () => {
			throw new NodeOperationError(node, `bad ${KEY}`);
		}).catch((error: Error) => error);
		expect(thrown).toBeInstanceOf(NodeOperationError);
		expect((thrown as Error).message).toBe('bad ***');
		expect((thrown as Error).stack).not.toContain('k3y');
	});
});
