import { characterCount } from '../validation/rules';

/** What the two DreamO pages recommend alike. */

export const DREAMO_RECOMMENDED_ASPECT = { ratio: 16 / 9, text: '16:9 to 9:16' };

export function dreamoPromptAdvice({ prompt }: { prompt: string }): string[] {
	const length = characterCount(prompt);
	return length > 300
		? [`Prompt is ${length} characters; the model page recommends about 300: longer prompts may not take effect.`]
		: [];
}
