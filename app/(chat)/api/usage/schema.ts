import { z } from "zod";
import { usagePeriod, usagePeriodProblem } from "@/lib/usage/period";

const isoDate = z.iso.date();

/** `from` and `to` (UTC days), each defaulting as `usagePeriod` says, then bounded to 366 days. */
export const usageQuerySchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .transform((query) => usagePeriod(query))
  .superRefine((period, context) => {
    const problem = usagePeriodProblem(period);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** The answer's shape (lib/usage/types.ts), for the API's OpenAPI document. */
const figures = { requests: z.number().int().min(0), inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0), costUsd: z.number().min(0) };
export const usageReportSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  plan: z.string(),
  planName: z.string(),
  totals: z.strictObject(figures),
  daily: z.array(z.strictObject({ date: z.iso.date(), ...figures })),
  byModel: z.array(z.strictObject({ model: z.string(), ...figures })),
  limits: z.strictObject({
    requestsPerMinute: z.number().int().min(0),
    chatRequestsPerMinute: z.number().int().min(0),
    monthlyRequests: z.number().int().min(0).nullable(),
    monthlyBudgetUsd: z.number().min(0).nullable(),
    models: z.array(z.string()).nullable(),
    own: z.boolean(),
  }),
  month: z.strictObject({ chatRequests: z.number().int().min(0), spendUsd: z.number().min(0) }),
  usedFraction: z.number().min(0),
});
