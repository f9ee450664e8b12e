import { z } from "zod";

export const alertParamsSchema = z.object({ id: z.uuid() });

/** Acknowledging is the only change: an acknowledgement lapses by itself once the condition clears. */
export const acknowledgeAlertSchema = z.strictObject({ acknowledged: z.literal(true) });
