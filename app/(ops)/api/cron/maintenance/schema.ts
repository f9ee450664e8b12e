import { z } from "zod";

const count = z.number().int().nonnegative();

/** The answers' shapes (lib/jobs/maintenance.ts), for the API's OpenAPI document. */
export const maintenanceResultSchema = z.strictObject({
  /** Replies a dead writer left `streaming`, ended as `error`. */
  deadReplies: z.strictObject({ ended: count }),
  /** Abandoned reservations settled to what their reply stored, or released. */
  abandonedCharges: z.strictObject({ settled: count, released: count }),
  rateLimitWindows: z.strictObject({ pruned: count }),
  /** Documents whose signed upload was never finished, removed once its URL expired. */
  unfinishedUploads: z.strictObject({ removed: count }),
  /** Stored files whose document is gone. */
  documentFiles: z.strictObject({ pruned: count }),
});
