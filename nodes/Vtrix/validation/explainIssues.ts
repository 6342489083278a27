import type { ZodIssue } from 'zod';

import type { GenerationDraft, ModelDeclaration } from '../models/types';
import type { RuleIssueParams } from './issues';

export interface ExplainedIssue {
	code?: string;
	/** `003012011 Invalid size parameter: Size (size) 800x800 is 640000 px, below 921600 (1280x720)` */
	message: string;
}

function subject(path: ReadonlyArray<string | number>, model: ModelDeclaration, draft: GenerationDraft): string {
	const [area, key] = path;
	if (area === 'prompt') return 'Prompt (prompt)';
	if (area === 'options' && typeof key === 'string') {
		const option = model.options.find((candidate) => candidate.name === key);
		return option ? `${option.property.displayName} (${option.field.join('.')})` : key;
	}
	if (area === 'images' && typeof key === 'number') {
		const image = draft.images[key];
		return `Reference image ${key + 1}${image ? ` (${image.label})` : ''}`;
	}
	if (area === 'images') return 'Reference Images';
	return '';
}

/** Turns a schema issue into the sentence the user reads: code, the page's words, parameter, rule. */
export function explainIssue(issue: ZodIssue, model: ModelDeclaration, draft: GenerationDraft): ExplainedIssue {
	const code = (issue.code === 'custom' ? (issue.params as RuleIssueParams | undefined)?.gatewayCode : undefined) ?? undefined;
	const who = subject(issue.path, model, draft);
	const rule = who ? `${who} ${issue.message}` : issue.message;
	const title = code ? `${code} ${model.errorCodes[code] ?? 'Invalid parameter'}` : 'Invalid parameter';
	return { code, message: `${title}: ${rule}` };
}
