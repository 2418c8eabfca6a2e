import { z } from "zod";
import { controlCharacterProblem, hasControlCharacter } from "@/lib/text";

/*
 * The bodies of POST /api/month-end/<yyyy-mm>/close and /reopen (issue 23's contract):
 * `{}` or `{"overrideReason": "..."}`, and `{"reason": "..."}`. A field the contract does not
 * name is refused rather than ignored, so a misspelt "overideReason" cannot close a month as
 * if its checklist held. Pure.
 */

export const MAX_REASON_LENGTH = 1000;

const reasonText = (label: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${label} is required.` : `${label} must be text.`) })
    .transform((text) => text.trim())
    .refine((text) => text !== "", { error: `${label} must say why.` })
    .refine((text) => text.length <= MAX_REASON_LENGTH, { error: `${label} must be at most ${MAX_REASON_LENGTH} characters.` })
    .refine((text) => !hasControlCharacter(text), {
      error: (issue) => `${label} must not contain ${controlCharacterProblem(String(issue.input))}.`,
    });

const strict = <Shape extends z.ZodRawShape>(shape: Shape, fields: string) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `Unknown field ${issue.keys.map((key) => `"${key}"`).join(", ")}: send ${fields}.` : `Send a JSON object: ${fields}.`,
  });

export const closeMonthBody = strict({ overrideReason: reasonText("The override reason").optional() }, '{} or {"overrideReason": "..."}');
export const reopenMonthBody = strict({ reason: reasonText("The reason for reopening") }, '{"reason": "..."}');

export type CloseMonthInput = z.output<typeof closeMonthBody>;
export type ReopenMonthInput = z.output<typeof reopenMonthBody>;
