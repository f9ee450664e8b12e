import { z } from "zod";

/** The answers' shapes (lib/admin/weekly-report.ts), for the API's OpenAPI document. */
export const weeklyReportPostSchema = z.strictObject({
  /** Last full ISO week, `YYYY-Www`. */
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  /** `skipped`: no ALERT_WEBHOOK_URL; `already-sent`: another call posted it. */
  delivery: z.enum(["sent", "failed", "skipped", "already-sent"]),
});
