import { z } from "zod";
import { alertThresholdNames, alertThresholdSpecs, type AlertThresholdName } from "@/lib/alerts/threshold-types";

/** A number within the threshold's bounds (whole where it counts things), or null for the default again. */
const threshold = (name: AlertThresholdName) => {
  const { min, max, integer } = alertThresholdSpecs[name];
  const number = z.number().min(min).max(max);
  return (integer ? number.int() : number).nullable().optional();
};

export const updateAlertThresholdsSchema = z
  .strictObject({
    dailyCostUsd: threshold("dailyCostUsd"),
    errorRatePercent: threshold("errorRatePercent"),
    p95LatencyMs: threshold("p95LatencyMs"),
    minRequests: threshold("minRequests"),
    cooldownMinutes: threshold("cooldownMinutes"),
  })
  .refine((update) => Object.values(update).some((value) => value !== undefined), "name at least one threshold");

/** The answers' shapes (lib/alerts/threshold-types.ts), for the API's OpenAPI document. */
export const alertThresholdSettingSchema = z.strictObject({
  name: z.enum(alertThresholdNames),
  label: z.string(),
  unit: z.string(),
  min: z.number(),
  max: z.number(),
  /** Whether the value is a whole number. */
  integer: z.boolean(),
  value: z.number(),
  /** What applies without an admin's value: the environment variable's, or the built-in default. */
  defaultValue: z.number(),
  envName: z.string().nullable(),
  /** null while the default applies. */
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: z.uuid().nullable(),
});
export const alertThresholdListSchema = z.strictObject({ thresholds: z.array(alertThresholdSettingSchema) });
