/**
 * Whether an id can name one task in the poll URL. Blank ids, "." and ".." cannot: a URL
 * resolves "." and ".." as path segments, so the poll would read the collection path.
 */
export function isUsableTaskId(id: string): boolean {
	const trimmed = id.trim();
	return trimmed !== '' && trimmed !== '.' && trimmed !== '..';
}
