import { z } from 'zod';

/** The `params` every issue of ours carries: the gateway's code for the broken rule. */
export interface RuleIssueParams {
	/** Undefined where the page names no code for the rule (a boolean given as text, say). */
	gatewayCode: string | undefined;
}

export type IssuePath = ReadonlyArray<string | number>;

/**
 * Adds an issue carrying the page's error code; `detail` completes "<Parameter> …".
 * Fatal, so rules spanning several values only run once each value is valid on its own.
 */
export function reportIssue(
	ctx: z.RefinementCtx,
	gatewayCode: string | undefined,
	detail: string,
	path: IssuePath = [],
): void {
	const params: RuleIssueParams = { gatewayCode };
	ctx.addIssue({ code: z.ZodIssueCode.custom, message: detail, path: [...path], params, fatal: true });
}
