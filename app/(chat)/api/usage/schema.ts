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
