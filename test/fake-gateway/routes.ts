export type Route =
	| { kind: 'submit' }
	| { kind: 'poll'; taskId: string }
	| { kind: 'download'; taskId: string; index: number }
	| { kind: 'other' };

const POLL_PATH = /^\/model\/v1\/generation\/task\/([^/]+)$/;
const DOWNLOAD_PATH = /^\/files\/([^/]+)\/(\d+)\.[A-Za-z0-9]+$/;

export function matchRoute(method: string, path: string): Route {
	if (method === 'POST' && path === '/model/v1/generation') return { kind: 'submit' };
	if (method === 'GET') {
		const poll = POLL_PATH.exec(path);
		if (poll) return { kind: 'poll', taskId: decodeURIComponent(poll[1]) };
		const download = DOWNLOAD_PATH.exec(path);
		if (download) return { kind: 'download', taskId: decodeURIComponent(download[1]), index: Number(download[2]) };
	}
	return { kind: 'other' };
}

export function routeTaskId(route: Route): string | undefined {
	return route.kind === 'poll' || route.kind === 'download' ? route.taskId : undefined;
}

