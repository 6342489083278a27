export const DEFAULT_BASE_URL = 'https://cloud.vtrix.ai';

export type BaseUrlCheck = { baseUrl: string } | { problem: string };

/**
 * The credential's base URL, trimmed and without a trailing slash (blank means the default).
 * Only a scheme, a host and a path are accepted: a query or a fragment would silently move
 * the endpoint paths, and `user:password@` would replace the Bearer header.
 */
export function checkBaseUrl(value: unknown): BaseUrlCheck {
	const raw = String(value ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { problem: 'must start with http:// or https://' };
	}
	if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
		return { problem: 'must start with http:// or https://' };
	}
	if (url.username !== '' || url.password !== '') {
		return { problem: 'must not contain a user name or password (user:password@): the API key is the only credential sent' };
	}
	if (raw.includes('?')) return { problem: 'must not contain a query (?…): the node appends the API paths to it' };
	if (raw.includes('#')) return { problem: 'must not contain a fragment (#…): the node appends the API paths to it' };
	return { baseUrl: raw.replace(/\/+$/, '') };
}
