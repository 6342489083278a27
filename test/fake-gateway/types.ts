export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** How one task lives, from submit to its final answer. Every field is optional. */
export interface TaskScript {
	/** Not-yet states shown before the final one (default ['pending', 'processing']). [] = done in the submit answer. */
	states?: string[];
	/**
	 * Each not-yet state is returned for this many answers (default 1); the submit answer counts as
	 * the first. Default script: submit 'pending', poll 1 'processing', poll 2 'completed'.
	 */
	pollsPerState?: number;
	/** Time-based instead: final durationMs after submit, the states spread evenly over that time. */
	durationMs?: number;
	/** 'never' stays in the last not-yet state forever (default 'completed'). */
	outcome?: 'completed' | 'failed' | 'never';
	/** Status string of the final answer (default 'completed' or 'failed'). */
	finalStatus?: string;
	/** A failed task's error; a string is sent as a plain string error, 'absent' sends none. */
	error?: { code: string | number; message: string; messageField?: 'error_message' | 'message' } | string | 'absent';
	/** Sent with a failed task's final answer, as the gateway's queue side does: `error_type`… */
	errorType?: string;
	/** …`provider_error`… */
	providerError?: { code?: string; message?: string; task_status?: string };
	/** …and `logs`. Use finalStatus 'COMPLETED' for a "completed" answer that carries the failure. */
	logs?: Array<{ message: string; timestamp: string }>;
	/** How many images (default derived from the request). */
	images?: number;
	/** Spread the images across this many output[] groups (default 1). */
	groups?: number;
	format?: ImageFormat;
	width?: number;
	height?: number;
	/** Default: 'b64_json' when params.response_format is 'b64_json', else 'url'. */
	delivery?: 'url' | 'b64_json' | 'data-url';
	idField?: 'id' | 'task_id' | 'request_id';
	/** Answers carry no `status` field: a done task shows by its images, a failed one by its error. */
	omitStatus?: boolean;
	/** 'id-only': the submit answer is `{"<idField>": "…"}` and nothing else. */
	submitAnswer?: 'task' | 'id-only';
	/**
	 * Where a completed task lists its images: `output[].content[]` (default), a flat
	 * `outputs[]` list ({type, url, content_type, file_name, file_size, width, height, imageNo|image_no}),
	 * or both, naming the same images.
	 */
	imageList?: 'output' | 'outputs' | 'both';
	/** Content items also carry `id`, `img_id`, `duration` and `metadata`. */
	contentExtras?: boolean;
	/** The submit is answered with this (an error inside a 200, an HTTP error body) and creates no task. */
	refuseSubmit?: { status: number; body: unknown };
	progress?: 'fraction' | 'percent' | 'absent';
	createdAt?: 'unix' | 'iso';
	usage?: Record<string, unknown> | 'absent';
	contentType?: 'image' | 'image_url' | 'absent';
	omitSize?: boolean;
	/** Shown (an unknown status) instead of the not-yet states. */
	unknownStatus?: string;
	/** Serve exactly these bytes for every image of the task. */
	imageBytes?: Buffer;
}

export type Fault =
	/**
	 * Answer with this status. On submit, a task is created when createsTask says so; by default
	 * only for 5xx other than 502/503 (the gateway may have taken the order).
	 */
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; createsTask?: boolean }
	/** Read the whole request, then destroy the socket without answering. */
	| { kind: 'drop' }
	/** Read the request and never answer. */
	| { kind: 'hang' }
	/** Answer normally after ms. */
	| { kind: 'delay'; ms: number }
	/** 200 with a body that is not JSON (downloads: image Content-Type, bytes that are no image). */
	| { kind: 'garbled' }
	/** Downloads only: 200 text/html. */
	| { kind: 'not-image' }
	/** Downloads only: stream this many bytes, image magic first; announceLength sends Content-Length. */
	| { kind: 'oversize'; bytes: number; announceLength?: boolean };

export interface FaultQueues {
	submit: Fault[];
	poll: Fault[];
	download: Fault[];
}

export type RequestKind = 'submit' | 'poll' | 'download' | 'other';

export interface RecordedRequest {
	kind: RequestKind;
	method: string;
	path: string;
	/** Lower-cased names; repeated headers joined with ', '. */
	headers: Record<string, string>;
	/** Parsed JSON, or undefined when the body is empty or not JSON. */
	body: unknown;
	rawBody: string;
	/** performance.now() when the request arrived. */
	at: number;
	taskId?: string;
	/** Downloads: how many body bytes went out before the response ended or the client left. */
	bytesSent?: number;
}

export interface GatewayOptions {
	apiKey?: string;
	/** 0 (default) picks a free port. */
	port?: number;
	host?: string;
	/** Render images scaled down so the longer side is at most this. */
	maxRenderSide?: number;
}

export type ScriptHook = (model: string, params: Record<string, unknown>) => TaskScript | undefined;
