import { isRecord, textField } from './jsonFields';

/** The gateway's code and message from any of the error bodies API.md lists. */
export interface GatewayErrorInfo {
	code?: string;
	message?: string;
}

/** A blank message is no message: the next candidate field is read instead. */
function text(value: unknown): string | undefined {
	const field = textField(value);
	return field?.trim() ? field : undefined;
}

/**
 * `{"status":{"code":402,"message":"…","error_code":40201}}`, `{"error":{"code":1002,"message":"…"}}`,
 * `{"error":"…"}`, `{"message":"…"}`, and a model page's code in `code` or `error_code`.
 */
export function readErrorBody(body: unknown): GatewayErrorInfo {
	if (typeof body === 'string') return { message: body.slice(0, 300) || undefined };
	if (!isRecord(body)) return {};
	for (const nested of [body.error, body.status]) {
		if (typeof nested === 'string' && nested.trim() !== '') return { code: text(body.code) ?? text(body.error_code), message: nested };
		if (isRecord(nested)) {
			return {
				code: text(nested.error_code) ?? text(nested.code) ?? text(body.code),
				message: text(nested.message) ?? text(nested.error_message) ?? text(body.message),
			};
		}
	}
	return {
		code: text(body.error_code) ?? text(body.code),
		message: text(body.message) ?? text(body.error_message) ?? text(body.msg),
	};
}
