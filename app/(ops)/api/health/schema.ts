import { z } from "zod";

/** The answer's shape (lib/monitoring/health.ts), for the API's OpenAPI document; 503 carries it too, `unhealthy`. */
const checkStatus = z.enum(["ok", "down"]);
const backlog = {
  pending: z.number().int().min(0).optional(),
  running: z.number().int().min(0).optional(),
  dead: z.number().int().min(0).optional(),
  oldestPendingSeconds: z.number().min(0).nullable().optional(),
};
export const healthReportSchema = z.strictObject({
  status: z.enum(["healthy", "degraded", "unhealthy"]),
  version: z.string(),
  uptimeSeconds: z.number().int().min(0),
  loadTestsAllowed: z.boolean(),
  checks: z.strictObject({
    database: z.strictObject({ status: checkStatus, latencyMs: z.number().min(0) }),
    ai: z.strictObject({ status: checkStatus, provider: z.enum(["openai", "offline"]) }),
    embeddings: z.strictObject({ status: z.enum(["ok", "down", "stuck"]), model: z.string(), ...backlog }),
    documents: z.strictObject({ status: z.enum(["ok", "down", "stuck"]), ...backlog }),
  }),
});
