import { z } from "zod";
import { overviewMinutesDefault, overviewMinutesMax, overviewMinutesMin } from "@/lib/admin/types";
import { webVitalNames } from "@/lib/monitoring/web-vital-types";
import { alertSummarySchema } from "../alerts/[id]/schema";

export const adminOverviewQuerySchema = z.strictObject({
  minutes: z
    .string()
    .regex(/^\d{1,4}$/, "must be a whole number of minutes")
    .transform(Number)
    .pipe(z.number().int().min(overviewMinutesMin).max(overviewMinutesMax))
    .default(overviewMinutesDefault),
});

export type AdminOverviewQuery = z.infer<typeof adminOverviewQuerySchema>;

const count = z.number().int().nonnegative();
const milliseconds = z.number().nonnegative().nullable();
const feedbackBase = { id: z.uuid(), comment: z.string().nullable(), createdAt: z.iso.datetime(), userId: z.uuid(), email: z.string() };

/** The answers' shapes (lib/admin/types.ts), for the API's OpenAPI document. */
export const adminOverviewSchema = z.strictObject({
  window: z.strictObject({ minutes: z.number().int().min(overviewMinutesMin).max(overviewMinutesMax), from: z.iso.datetime(), to: z.iso.datetime() }),
  requests: z.strictObject({
    total: count,
    perMinute: z.number().nonnegative(),
    /** 5xx answers over all answers; 0 when there were none. */
    errorRate: z.number().min(0).max(1),
    serverErrors: count,
    /** null when there were no requests in the window. */
    latencyMs: z.strictObject({ p50: milliseconds, p95: milliseconds, p99: milliseconds }),
  }),
  topUsers: z.array(z.strictObject({ userId: z.uuid(), email: z.string(), requests: count, costUsd: z.number().nonnegative() })),
  costByModel: z.array(
    z.strictObject({ model: z.string(), requests: count, inputTokens: count, outputTokens: count, costUsd: z.number().nonnegative() }),
  ),
  /** p75 is null when none was reported. */
  webVitals: z.array(z.strictObject({ name: z.enum(webVitalNames), p75: z.number().nullable(), count })),
  recentAlerts: z.array(alertSummarySchema),
  recentFeedback: z.array(
    z.discriminatedUnion("kind", [
      z.strictObject({ ...feedbackBase, kind: z.literal("rating"), rating: z.number().int().min(1).max(5), page: z.string().optional() }),
      z.strictObject({ ...feedbackBase, kind: z.literal("vote"), vote: z.enum(["up", "down"]) }),
    ]),
  ),
});
