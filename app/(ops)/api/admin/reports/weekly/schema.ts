import { z } from "zod";

/** `week` is checked for being a real ISO week by the report (lib/admin/weekly-report.ts); here only its shape. */
export const weeklyReportQuerySchema = z.strictObject({
  week: z.string().regex(/^\d{4}-W\d{2}$/, "must be an ISO week, YYYY-Www (for example 2026-W05)").optional(),
});
