// A fake OpenAI-compatible chat model on loopback. Nothing on these machines reaches a real
// LLM, so the AI Agent example runs against this in the e2e suite and in `npm start -- --demo`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../test/fake-gateway/http';

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: unknown[];
}

interface ChatTool {
	type: string;
	function: { name: string; description?: string; parameters?: { properties?: Record<string, unknown> } };
}

/**
 * A fake OpenAI-compatible chat model (POST /v1/chat/completions). First turn: calls the
 * tool whose name contains "vtrix" with the arguments `toolArgs(last user message)` gives (any
 * other property of the tool's schema gets a placeholder). Once a tool answer is in the conversation: a final answer quoting the first
 * image URL found in it.
 */
export async function startFakeLlm(toolArgs: (userText: string) => Record<string, unknown>) {
	const requests: { messages: ChatMessage[]; tools: ChatTool[]; stream: boolean }[] = [];
	const server = createServer(async (req, res) => {
		const body = await readBody(req);
		if (req.method === 'GET' && req.url?.endsWith('/models')) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-gpt', object: 'model', owned_by: 'test' }] }));
			return;
		}
		if (!req.url?.endsWith('/chat/completions')) {
			res.writeHead(404).end();
			return;
		}
		const parsed = JSON.parse(body.toString()) as { messages: ChatMessage[]; tools?: ChatTool[]; stream?: boolean };
		const call = { messages: parsed.messages, tools: parsed.tools ?? [], stream: Boolean(parsed.stream) };
		requests.push(call);
		const toolAnswer = parsed.messages.find((m) => m.role === 'tool');
		let message: Record<string, unknown>;
		let finish: string;
		if (toolAnswer) {
			const text = typeof toolAnswer.content === 'string' ? toolAnswer.content : JSON.stringify(toolAnswer.content);
			const url = /https?:\/\/[^"\s\\]+/.exec(text)?.[0] ?? '(no url)';
			message = { role: 'assistant', content: `Here is your picture: ${url}` };
			finish = 'stop';
		} else {
			const tool = call.tools.find((t) => /vtrix/i.test(t.function.name)) ?? call.tools[0];
			if (!tool) throw new Error('the agent offered no tools');
			const user = [...parsed.messages].reverse().find((m) => m.role === 'user');
			const wanted = toolArgs(typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? ''));
			const args: Record<string, unknown> = {};
			for (const key of Object.keys(tool.function.parameters?.properties ?? {})) args[key] = wanted[key] ?? 'x';
			Object.assign(args, wanted);
			message = {
				role: 'assistant',
				content: null,
				tool_calls: [
					{ id: `call_${requests.length}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(args) } },
				],
			};
			finish = 'tool_calls';
		}
		const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: 'fake-gpt' };
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (call.stream) {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const delta =
				'tool_calls' in message
					? { role: 'assistant', tool_calls: (message.tool_calls as object[]).map((t, index) => ({ index, ...t })) }
					: { role: 'assistant', content: message.content };
			res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
			res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }], usage })}\n\n`);
			res.end('data: [DONE]\n\n');
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage }));
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		requests,
		close: () => {
			server.closeAllConnections();
			return new Promise<void>((r) => server.close(() => r()));
		},
	};
}
