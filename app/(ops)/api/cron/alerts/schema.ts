import { z } from "zod";
import { alertRules } from "@/lib/alerts/types";
import { alertSeveritySchema } from "@/app/(ops)/api/admin/alerts/[id]/schema";

/** The answers' shapes (lib/alerts/types.ts), for the API's OpenAPI document. */
export const firedAlertSchema = z.strictObject({
  /** null when the database could not record it (this process's cooldown applied). */
  id: z.uuid().nullable(),
  rule: z.enum(alertRules),
  severity: alertSeveritySchema,
  summary: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  firedAt: z.iso.datetime(),
  delivery: z.enum(["sent", "failed", "skipped"]),
});
export const alertRunSchema = z.strictObject({
  fired: z.array(firedAlertSchema),
  /** The rules that could not be evaluated. */
  failed: z.array(z.enum(alertRules)),
});
