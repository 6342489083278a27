import { z } from 'zod';

import type { ReferenceImage, ValidatedRequest } from '../models/types';
import { imageWarnings, imagesSchema, type ImageRules } from './imageRules';
import { reportIssue, type IssuePath } from './issues';

export interface ParsedDraft {
	prompt: string;
	options: Record<string, unknown>;
	images: ReferenceImage[];
}

export type ReportIssue = (path: IssuePath, gatewayCode: string | undefined, detail: string) => void;

export interface RequestSchemaSpec {
	prompt: z.ZodType<string, z.ZodTypeDef, unknown>;
	/** One rule per option of the model; an option the user did not add is absent. */
	options: Record<string, z.ZodType<unknown, z.ZodTypeDef, unknown>>;
	/** Omit for a model that takes no images. */
	images?: ImageRules;
	/** Rules that involve more than one value (width with height, images with max images…). */
	crossChecks?: (draft: ParsedDraft, report: ReportIssue) => void;
	/** Last touches to the options that will be sent (drop a value the gateway would ignore…). */
	finalise?: (draft: ParsedDraft) => Record<string, unknown>;
	/** What the page only recommends: said as warnings, never an error. */
	advice?: (draft: ParsedDraft) => string[];
}

const noImages = z.array(z.custom<ReferenceImage>()).max(0);

/** Builds a model's schema: GenerationDraft in, ValidatedRequest out, every issue coded. */
export function requestSchema(spec: RequestSchemaSpec): z.ZodType<ValidatedRequest, z.ZodTypeDef, unknown> {
	const optionShape = Object.fromEntries(
		Object.entries(spec.options).map(([name, rule]) => [name, rule.optional()]),
	);
	return z
		.object({
			prompt: spec.prompt,
			// Options another model declared may linger in the collection after a model switch; they are ignored.
			options: z.object(optionShape).strip(),
			images: spec.images ? imagesSchema(spec.images) : noImages,
		})
		.superRefine((draft, ctx) => {
			const report: ReportIssue = (path, code, detail) => reportIssue(ctx, code, detail, path);
			spec.crossChecks?.(draft as ParsedDraft, report);
		})
		.transform((draft) => {
			const parsed = draft as ParsedDraft;
			const warnings = [
				...(spec.images ? imageWarnings(parsed.images, spec.images) : []),
				...(spec.advice?.(parsed) ?? []),
			];
			return { options: spec.finalise?.(parsed) ?? parsed.options, warnings };
		});
}
