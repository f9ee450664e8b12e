import { z } from "zod";

const isoDate = z.iso.date();

export const usageQuerySchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine(({ from, to }) => !from || !to || from <= to, { message: "from must not be after to" })
  .refine(({ from, to }) => !from || !to || Date.parse(to) - Date.parse(from) <= 366 * 86_400_000, {
    message: "at most 366 days at a time",
  });

export type UsageQuery = z.infer<typeof usageQuerySchema>;
