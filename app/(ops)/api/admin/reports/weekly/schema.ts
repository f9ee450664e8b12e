import { z } from "zod";

/** `week` is checked for being a real ISO week by the report (lib/admin/weekly-report.ts); here only its shape. */
export const weeklyReportQuerySchema = z.strictObject({
  week: z.string().regex(/^\d{4}-W\d{2}$/, "must be an ISO week, YYYY-Www (for example 2026-W05)").optional(),
});

const count = z.number().int().nonnegative();
const isoWeekId = z.string().regex(/^\d{4}-W\d{2}$/);
const period = z.strictObject({ id: isoWeekId, from: z.iso.datetime(), to: z.iso.datetime() });
const spend = { requests: count, inputTokens: count, outputTokens: count, costUsd: z.number().nonnegative() };
/** The report's week beside the week before. */
const compared = <Shape extends z.ZodRawShape>(shape: Shape) => ({ current: z.strictObject(shape), previous: z.strictObject(shape) });

/** The answers' shapes (lib/admin/report-types.ts), for the API's OpenAPI document. */
export const weeklyReportSchema = z.strictObject({
  week: period,
  previousWeek: period,
  totals: z.strictObject(compared(spend)),
  spendByModel: z.array(z.strictObject({ model: z.string(), ...compared(spend) })),
  spendByPlan: z.array(z.strictObject({ plan: z.string(), ...compared({ ...spend, users: count }) })),
  topUsers: z.array(z.strictObject({ userId: z.uuid(), email: z.string(), ...compared(spend) })),
  requests: z.strictObject(compared({ total: count, serverErrors: count, errorRate: z.number().min(0).max(1), p95Ms: z.number().nonnegative().nullable() })),
  feedback: z.strictObject(
    compared({ ratings: count, averageRating: z.number().min(1).max(5).nullable(), upVotes: count, downVotes: count }),
  ),
});
