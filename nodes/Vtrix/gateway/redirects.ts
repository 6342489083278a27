/** How many redirects a read (poll, credential test) follows within the gateway's origin. */
export const MAX_REDIRECTS = 5;

export function isRedirect(status: number): boolean {
	return status >= 300 && status < 400;
}

export type NextHop = { follow: string } | { refuse: string };

/**
 * What to do with a 3xx answer. The node follows redirects itself so that the key never
 * leaves the gateway's origin: only a GET is followed, only to the same origin, at most
 * MAX_REDIRECTS times. A submit is never sent again: the gateway may already have taken it.
 */
export function nextHop(method: string, from: string, status: number, location: string | undefined, hopsSoFar: number): NextHop {
	const answered = `the gateway answered HTTP ${status}`;
	let target: URL | undefined;
	try {
		target = location ? new URL(location, from) : undefined;
	} catch {
		target = undefined;
	}
	if (method !== 'GET') return { refuse: `${answered} (a redirect${target ? ` to ${target.href}` : ''}); a submit is never sent again` };
	if (!target) return { refuse: `${answered} without a usable redirect target` };
	if (target.origin !== new URL(from).origin) {
		return { refuse: `${answered}, a redirect to another origin (${target.href}), which is not followed: the API key goes to the gateway's origin only` };
	}
	if (hopsSoFar >= MAX_REDIRECTS) return { refuse: `too many redirects (more than ${MAX_REDIRECTS})` };
	return { follow: target.href };
}
