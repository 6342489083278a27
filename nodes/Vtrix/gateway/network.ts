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

/** Walks an error and its causes (n8n wraps axios errors) for a known network code. */
export function classifyNetworkError(error: unknown, signal?: AbortSignal): NetworkFailure {
	if (signal?.aborted) return 'cancelled';
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, name, message, cause } = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
		if (typeof code === 'string' && BY_CODE[code]) return BY_CODE[code];
		if (name === 'CanceledError' || name === 'AbortError') return 'cancelled';
		if (typeof message === 'string') {
			if (/timeout of \d+ms exceeded/i.test(message)) return 'timeout';
			if (/socket hang up/i.test(message)) return 'reset';
		}
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
