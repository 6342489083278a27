/** The header value the key is sent in. */
export function bearer(apiKey: string): string {
	return `Bearer ${apiKey}`;
}

function describeCharacter(code: number): string | undefined {
	if (code === 0x0a || code === 0x0d) return 'a line break';
	if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'a control character';
	if (code > 0xff) return 'a character outside Latin-1';
	return undefined;
}

/**
 * Why the key cannot be sent in an HTTP header, or undefined when it can. Header values
 * carry Latin-1 text without control characters; anything else would fail inside the HTTP
 * client, after the node had started to send.
 */
export function apiKeyProblem(apiKey: string): string | undefined {
	let position = 0;
	for (const character of apiKey) {
		position++;
		const what = describeCharacter(character.codePointAt(0) as number);
		if (what) return `API Key holds a character an HTTP header cannot carry (${what} at character ${position})`;
	}
	return undefined;
}
