import type { IncomingMessage } from 'node:http';

/** The whole body of a request a local test or demo server received. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((res, rej) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => res(Buffer.concat(chunks)));
		req.on('error', rej);
	});
}
