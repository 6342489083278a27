import type { INodeExecutionData } from 'n8n-workflow';

const MASK = '***';
/** A Bearer credential in any text: the word and the token after it (up to a quote, bracket or separator). */
const BEARER_VALUE = /\bBearer\s+[^\s"'`,;)}\]\\]+/gi;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/**
 * Removes the API key (as sent, JSON-escaped or URL-encoded) and any `Bearer …` value from
 * text that may have come from outside: a gateway that echoes the request, a failed task's
 * message, an image URL.
 */
export class Redactor {
	private readonly forms: string[];

	constructor(secret: string) {
		const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
		this.forms = [...forms].filter((form) => form !== '').sort((a, b) => b.length - a.length);
	}

	text(value: string): string {
		let result = value;
		// The key first: a key with a space in it would otherwise be only half masked.
		for (const form of this.forms) result = result.split(form).join(MASK);
		return result.replace(BEARER_VALUE, `Bearer ${MASK}`);
	}

	/** A copy of `value` with every string (keys too) redacted; errors are redacted in place. */
	value(value: unknown, done = new WeakMap<object, unknown>()): unknown {
		if (typeof value === 'string') return this.text(value);
		if (typeof value !== 'object' || value === null) return value;
		if (done.has(value)) return done.get(value);
		if (value instanceof Error) return this.error(value, done);
		if (Array.isArray(value)) {
			const copy: unknown[] = [];
			done.set(value, copy);
			for (const entry of value) copy.push(this.value(entry, done));
			return copy;
		}
		if (!isPlainObject(value)) return value;
		const copy: Record<string, unknown> = {};
		done.set(value, copy);
		for (const [key, entry] of Object.entries(value)) copy[this.text(key)] = this.value(entry, done);
		return copy;
	}

	/**
	 * Redacts an error in place: its message and stack, and every field n8n stores or shows
	 * (description, context, NodeApiError's messages, errorResponse and cause), but not the
	 * node it names.
	 */
	error<T>(error: T, done = new WeakMap<object, unknown>()): T {
		if (!(error instanceof Error)) return this.value(error, done) as T;
		done.set(error, error);
		error.message = this.text(error.message);
		if (error.stack) error.stack = this.text(error.stack);
		const fields = error as unknown as Record<string, unknown>;
		for (const [name, field] of Object.entries(fields)) {
			if (name !== 'node') fields[name] = this.value(field, done);
		}
		return error;
	}
}

/**
 * Runs the node's work and redacts what leaves it: every output item's JSON, and whatever
 * error is thrown. Every path out of execute() passes here, so no new error path can
 * forget it.
 */
export async function withSecretsRedacted(secret: string, work: () => Promise<INodeExecutionData[]>): Promise<INodeExecutionData[]> {
	const redactor = new Redactor(secret);
	try {
		const items = await work();
		for (const item of items) item.json = redactor.value(item.json) as INodeExecutionData['json'];
		return items;
	} catch (error) {
		throw redactor.error(error);
	}
}
