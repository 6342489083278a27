/** Why a request got no HTTP answer, which decides whether trying again is safe. */
export type NetworkFailure =
	/** Nothing reached the server: safe to send again, even a submit. */
	| 'refused'
	| 'dns'
	/** The request may have arrived: a submit must not be sent again. */
	| 'timeout'
	| 'reset'
	| 'other'
	| 'cancelled';

const BY_CODE: Record<string, NetworkFailure> = {
	ECONNREFUSED: 'refused',
	ENOTFOUND: 'dns',
	EAI_AGAIN: 'dns',
	ECONNABORTED: 'timeout',
	ETIMEDOUT: 'timeout',
	ESOCKETTIMEDOUT: 'timeout',
	ECONNRESET: 'reset',
	EPIPE: 'reset',
	ERR_CANCELED: 'cancelled',
	ABORT_ERR: 'cancelled',
};

/**
 * Finds a known network code in an error and its causes. n8n's NodeApiError (which wraps
 * errors of authenticated requests) drops the original error but keeps its code in
 * `httpCode` and its message in `messages`, so those are read too.
 */
export function classifyNetworkError(error: unknown, signal?: AbortSignal): NetworkFailure {
	if (signal?.aborted) return 'cancelled';
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, httpCode, name, message, messages, cause } = current as Record<string, unknown>;
		for (const candidate of [code, httpCode]) {
			if (typeof candidate === 'string' && BY_CODE[candidate]) return BY_CODE[candidate];
		}
		if (name === 'CanceledError' || name === 'AbortError') return 'cancelled';
		const texts = [message, ...(Array.isArray(messages) ? messages : [])].filter((text) => typeof text === 'string');
		if (texts.some((text) => /timeout of \d+ms exceeded/i.test(text))) return 'timeout';
		if (texts.some((text) => /socket hang up/i.test(text))) return 'reset';
		if (texts.some((text) => /\bcanceled\b/i.test(text))) return 'cancelled';
		current = cause;
	}
	return 'other';
}

export function describeNetworkFailure(failure: NetworkFailure): string {
	switch (failure) {
		case 'refused':
			return 'the connection was refused';
		case 'dns':
			return 'the host name could not be resolved';
		case 'timeout':
			return 'the request timed out';
		case 'reset':
			return 'the connection was dropped before an answer';
		case 'cancelled':
			return 'the execution was cancelled';
		case 'other':
			return 'the request failed without an answer';
	}
}
