import type { IncomingMessage, ServerResponse } from 'node:http';

/** A complete answer, ready to send. */
export interface Answer {
	status: number;
	headers?: Record<string, string>;
	body: Buffer;
}

export function jsonAnswer(status: number, body: unknown, headers?: Record<string, string>): Answer {
	return {
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: Buffer.from(JSON.stringify(body)),
	};
}

export function send(res: ServerResponse, answer: Answer): void {
	if (res.destroyed || res.headersSent) return;
	res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
	res.end(answer.body);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

export function parseJson(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}
