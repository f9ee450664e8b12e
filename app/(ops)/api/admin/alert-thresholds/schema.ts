import { z } from "zod";
import { alertThresholdSpecs, type AlertThresholdName } from "@/lib/alerts/threshold-types";

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
