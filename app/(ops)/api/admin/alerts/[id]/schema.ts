import { z } from "zod";

export const alertParamsSchema = z.object({ id: z.uuid() });

/** Acknowledging is the only change: an acknowledgement lapses by itself once the condition clears. */
export const acknowledgeAlertSchema = z.strictObject({ acknowledged: z.literal(true) });

/** The answers' shapes (lib/alerts/types.ts), for the API's OpenAPI document. */
export const alertSeveritySchema = z.enum(["info", "warning", "critical"]);
export const alertDeliverySchema = z.enum(["pending", "sent", "failed", "skipped"]);
/** An alert as the overview lists it. */
export const alertSummarySchema = z.strictObject({
  id: z.uuid(),
  rule: z.string(),
  severity: alertSeveritySchema,
  summary: z.string(),
  firedAt: z.iso.datetime(),
  delivery: alertDeliverySchema,
  acknowledgedAt: z.iso.datetime().nullable(),
  /** null while the condition holds. */
  clearedAt: z.iso.datetime().nullable(),
});
export const acknowledgedAlertSchema = alertSummarySchema.extend({
  acknowledged: z.literal(true),
  acknowledgedAt: z.iso.datetime(),
  acknowledgedBy: z.uuid().nullable(),
});
