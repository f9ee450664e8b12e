import { z } from "zod";
import { overviewMinutesDefault, overviewMinutesMax, overviewMinutesMin } from "@/lib/admin/types";

export const adminOverviewQuerySchema = z.strictObject({
  minutes: z
    .string()
    .regex(/^\d{1,4}$/, "must be a whole number of minutes")
    .transform(Number)
    .pipe(z.number().int().min(overviewMinutesMin).max(overviewMinutesMax))
    .default(overviewMinutesDefault),
});

export type AdminOverviewQuery = z.infer<typeof adminOverviewQuerySchema>;
