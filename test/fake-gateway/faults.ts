import type { ServerResponse } from 'node:http';
import { type Answer, jsonAnswer, send } from './http';
import type { Fault, RecordedRequest } from './types';

export type Endpoint = 'submit' | 'poll' | 'download';

export interface Delivery {
	res: ServerResponse;
	record: RecordedRequest;
	endpoint: Endpoint;
	fault: Fault | undefined;
	/** Builds the normal answer; called only when it is actually sent, so a dropped poll does not count. */
	produce: () => Answer;
	/** setTimeout that the gateway cancels when it closes. */
	schedule: (run: () => void, ms: number) => void;
}

/** Statuses with which a gateway certainly did not take a submit (API.md, retry rules). */
const NOT_TAKEN_5XX = new Set([502, 503]);

/** Whether a submit answered with this fault still created (and billed) the task. */
export function submitFaultCreatesTask(fault: Fault): boolean {
	if (fault.kind !== 'status') return true;
	return fault.createsTask ?? (fault.status >= 500 && !NOT_TAKEN_5XX.has(fault.status));
}

const GARBLED_JSON = Buffer.from('{"status":"processing","output":[{"content":[{"url":"ht');
const GARBLED_IMAGE = Buffer.from('garbled bytes, no image here. '.repeat(16));
const NOT_IMAGE_HTML = Buffer.from('<!DOCTYPE html><html><body><h1>Sign in to continue</h1></body></html>');
// SOI and a JFIF APP0 segment: enough for a client that sniffs magic numbers to take it for a JPEG.
const JPEG_START = Buffer.from([
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
]);
const OVERSIZE_CHUNK = 64 * 1024;

export function deliver(delivery: Delivery): void {
	const { res, fault, endpoint } = delivery;
	if (!fault) return sendNormally(delivery);
	switch (fault.kind) {
		case 'status':
			return send(res, faultStatusAnswer(fault));
		case 'drop':
			res.socket?.destroy();
			return;
		case 'hang':
			return; // the gateway's close() destroys the socket
		case 'delay':
			return delivery.schedule(() => sendNormally(delivery), fault.ms);
		case 'garbled':
			return endpoint === 'download'
				? send(res, { status: 200, headers: { 'content-type': 'image/jpeg' }, body: GARBLED_IMAGE })
				: send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: GARBLED_JSON });
		case 'not-image':
		case 'oversize':
			if (endpoint !== 'download') {
				return send(res, jsonAnswer(500, { error: `fake-gateway: fault '${fault.kind}' applies to downloads only` }));
			}
			if (fault.kind === 'not-image') {
				return send(res, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: NOT_IMAGE_HTML });
			}
			return streamOversize(res, delivery.record, fault.bytes, fault.announceLength ?? false);
	}
}

export function faultStatusAnswer(fault: Extract<Fault, { kind: 'status' }>): Answer {
	const body = fault.body ?? { error: { code: fault.status, message: `Fake gateway fault ${fault.status}` } };
	if (typeof body === 'string') {
		// e.g. a proxy's HTML error page
		const headers = { 'content-type': 'text/plain; charset=utf-8', ...fault.headers };
		return { status: fault.status, headers, body: Buffer.from(body) };
	}
	return jsonAnswer(fault.status, body, fault.headers);
}

function sendNormally({ res, record, endpoint, produce }: Delivery): void {
	if (res.destroyed) return;
	const answer = produce();
	if (endpoint === 'download') res.once('finish', () => (record.bytesSent = answer.body.length));
	send(res, answer);
}

/** Streams `total` bytes in chunks, waiting for the client to drain, until done or the client leaves. */
function streamOversize(res: ServerResponse, record: RecordedRequest, total: number, announceLength: boolean): void {
	const headers: Record<string, string> = { 'content-type': 'image/jpeg' };
	if (announceLength) headers['content-length'] = String(total);
	res.writeHead(200, headers);
	const filler = Buffer.alloc(OVERSIZE_CHUNK);
	let sent = 0;
	record.bytesSent = 0;

	const pump = (): void => {
		while (sent < total && !res.destroyed) {
			const start = sent === 0 ? JPEG_START : filler;
			const chunk = start.subarray(0, Math.min(start.length, total - sent));
			sent += chunk.length;
			record.bytesSent = sent;
			if (!res.write(chunk)) return void res.once('drain', pump);
		}
		if (!res.destroyed) res.end();
	};
	pump();
}
