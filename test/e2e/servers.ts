// Small loopback servers the e2e workflows talk to: a notification endpoint that records what
// n8n's HTTP Request node sends and a static file server for reference-image URLs.
// (The fake chat model is in scripts/lib/fake-llm.ts: the demo uses it too.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../fake-gateway/http';

export interface Received {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export interface MultipartPart {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

async function listen(server: Server): Promise<string> {
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise((r) => server.close(() => r()));
}

/** Records every request and answers 200 `{ok: true}`. */
export async function startRecorder() {
	const received: Received[] = [];
	const server = createServer(async (req, res) => {
		const body = await readBody(req);
		received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"ok":true}');
	});
	const url = await listen(server);
	return { url, received, close: () => close(server) };
}

/** Serves fixed bytes at fixed paths (reference images given by URL). */
export async function startFileServer(files: Record<string, { type: string; bytes: Buffer }>) {
	const server = createServer((req, res) => {
		const file = files[req.url ?? ''];
		if (!file) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.length });
		res.end(file.bytes);
	});
	const url = await listen(server);
	return { url, close: () => close(server) };
}

export function parseMultipart(r: Received): MultipartPart[] {
	const type = String(r.headers['content-type'] ?? '');
	const m = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
	if (!m) throw new Error(`not multipart: ${type}`);
	const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
	const parts: MultipartPart[] = [];
	let at = r.body.indexOf(boundary);
	while (at >= 0) {
		const start = at + boundary.length;
		if (r.body.subarray(start, start + 2).toString() === '--') break;
		const next = r.body.indexOf(boundary, start);
		if (next < 0) break;
		const raw = r.body.subarray(start + 2, next - 2); // skip CRLF after boundary and before next
		const split = raw.indexOf('\r\n\r\n');
		const head = raw.subarray(0, split).toString();
		const data = raw.subarray(split + 4);
		const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
		const filename = /filename="([^"]*)"/.exec(head)?.[1];
		const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
		parts.push({ name, filename, contentType, data });
		at = next;
	}
	return parts;
}

export { startFakeLlm } from '../../scripts/lib/fake-llm';
