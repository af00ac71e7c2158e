import { z } from "zod";
import { epochMs, providerName, queryInt } from "../primitives.js";

/**
 * The responder's steered answers per provider over time, as the responders stored them (one
 * row per minute, provider and responder, summed here over responders). `since` defaults to an
 * hour before now, `until` to now; a range spans at most `MAX_ANSWER_RANGE_MS` (7 days).
 */
export const answersQuery = z
  .object({
    since: queryInt(0, 8.64e15).optional(),
    until: queryInt(0, 8.64e15).optional(),
    provider: providerName.optional(),
  })
  .strict();
export type AnswersQuery = z.infer<typeof answersQuery>;

export const MAX_ANSWER_RANGE_MS = 7 * 86_400_000;

const count = z.number().int().min(0);

export const answerHistory = z.object({
  /** The first minute included (the query's since, rounded down to its minute). */
  since: epochMs,
  until: epochMs,
  /** One entry per minute and provider that answered in it, oldest first; A and AAAA answers. */
  minutes: z.array(z.object({ minute: epochMs, provider: z.string(), a: count, aaaa: count })),
  /** The range's sums per provider (only providers that answered), by provider name. */
  totals: z.array(z.object({ provider: z.string(), a: count, aaaa: count })),
});
export type AnswerHistoryPage = z.infer<typeof answerHistory>;
