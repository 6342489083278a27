import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ZodIssue } from 'zod';

import { buildSubmitBody } from '../../nodes/Vtrix/execute/buildRequest';
import { findModel } from '../../nodes/Vtrix/models';
import type { GenerationDraft, ModelDeclaration } from '../../nodes/Vtrix/models/types';
import { DRAFTS } from './arbitraries';
import { bodyProblems, MODEL_IDS, PAGE_ERROR_CODES, PAGE_OPTIONS, PAGE_PARAMS, violations, type ModelId, type Violation } from './oracle';

/**
 * Issue 4, "Input fuzz": over each model's parameters, the validator never throws, accepts
 * exactly what an independent reading of the page accepts, rejects with a code the page
 * lists, and what it accepts becomes a body with the page's snake_case fields only.
 */

const RUNS_PER_MODEL = Number(process.env.FUZZ_RUNS ?? 2400); // 5 models: 12,000 inputs a run
/** A few seconds on a quiet machine; a loaded one (CI beside other jobs) may take several times that. */
const FUZZ_TIMEOUT_MS = 120_000;

function summarise(draft: GenerationDraft): string {
	return JSON.stringify(
		{
			...draft,
			prompt: typeof draft.prompt === 'string' && draft.prompt.length > 60 ? `${draft.prompt.slice(0, 30)}…(${Array.from(draft.prompt).length} code points)` : draft.prompt,
			images: draft.images.map(({ bytes, label: _label, ...rest }) => ({ ...rest, ...(bytes ? { bytes: bytes.length } : {}) })),
		},
		(_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? `<number ${value}>` : value),
	);
}

function issueCode(issue: ZodIssue): string | undefined {
	return issue.code === 'custom' ? (issue.params as { gatewayCode?: string } | undefined)?.gatewayCode : undefined;
}

/** Where a codeless issue is fine: options whose rule the page gives no code (API brief: dream's booleans). */
function codelessAllowed(id: ModelId, issue: ZodIssue): boolean {
	if (issue.path[0] !== 'options') return false;
	const rule = PAGE_OPTIONS[id][String(issue.path[1])];
	return rule !== undefined && rule.code === null;
}

function codesOf(found: Violation[]): Set<string | null> {
	return new Set(found.flatMap((v) => [v.code, ...(v.alsoCodes ?? [])]));
}

function fail(what: string, draft: GenerationDraft, detail: unknown): never {
	throw new Error(`${what}\n  draft: ${summarise(draft)}\n  ${JSON.stringify(detail, null, 1).replace(/\n\s*/g, ' ')}`);
}

function checkDraft(id: ModelId, model: ModelDeclaration, draft: GenerationDraft): void {
	// (1) never throws
	let result: ReturnType<ModelDeclaration['schema']['safeParse']>;
	try {
		result = model.schema.safeParse(draft);
	} catch (error) {
		return fail(`safeParse threw ${String(error)}`, draft, {});
	}
	const expected = violations(id, draft);

	if (!result.success) {
		const issues = result.error.issues.map((issue) => ({ kind: issue.code, code: issueCode(issue), path: issue.path, message: issue.message }));
		// (2) rejected ⇒ the page is broken somewhere
		if (expected.length === 0) fail('node rejected an input the page accepts', draft, { issues });
		// (3) every issue carries a code the page lists (or none, for the page's codeless rules)
		result.error.issues.forEach((issue, index) => {
			const code = issueCode(issue);
			const listed = code !== undefined && PAGE_ERROR_CODES[id].includes(code);
			if (issue.code !== 'custom' || !(listed || (code === undefined && codelessAllowed(id, issue)))) {
				fail(`issue ${index} has code ${String(code)}, not one the page lists`, draft, { issues });
			}
		});
		// … and the first one names a rule the oracle also sees broken
		const first = issueCode(result.error.issues[0]) ?? null;
		if (!codesOf(expected).has(first)) fail(`first issue's code ${String(first)} is not among the broken rules' codes`, draft, { issues, expected });
		return;
	}

	// (2) accepted ⇒ the page is satisfied
	if (expected.length > 0) fail('node accepted an input the page rejects', draft, { expected, sent: result.data.options });
	if (!Array.isArray(result.data.warnings) || !result.data.warnings.every((w) => typeof w === 'string')) fail('warnings is not a list of strings', draft, result.data);

	// (4) the body builds, with the page's field names and values only
	let params: Record<string, unknown>;
	try {
		params = buildSubmitBody(model, draft.prompt, result.data.options, draft.images).input[0].params;
	} catch (error) {
		return fail(`buildSubmitBody threw ${String(error)}`, draft, { options: result.data.options });
	}
	const problems = bodyProblems(id, params, draft.images.length);
	if (problems.length > 0) {
		const shown = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…` : v]));
		fail('submit body breaks the page', draft, { problems, params: shown });
	}
}

describe('input fuzz (issue 4): validator vs an independent reading of the pages', () => {
	it('each model declares exactly its page\'s error codes and snake_case fields', () => {
		for (const id of MODEL_IDS) {
			const model = findModel(id);
			expect(model, id).toBeDefined();
			expect(Object.keys(model!.errorCodes).sort(), id).toEqual([...PAGE_ERROR_CODES[id]].sort());
			for (const option of model!.options) {
				expect(option.field[0] in PAGE_PARAMS[id], `${id} ${option.name} → ${option.field.join('.')}`).toBe(true);
			}
		}
	});

	for (const id of MODEL_IDS) {
		it(`${id}: ${RUNS_PER_MODEL} generated drafts`, () => {
			const model = findModel(id);
			if (!model) throw new Error(`no model ${id}`);
			fc.assert(
				fc.property(DRAFTS[id], (draft) => checkDraft(id, model, draft)),
				{ numRuns: RUNS_PER_MODEL },
			);
		}, FUZZ_TIMEOUT_MS);
	}
});
