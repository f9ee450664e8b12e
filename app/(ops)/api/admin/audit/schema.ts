import { z } from "zod";

export const auditQuerySchema = z.strictObject({
  cursor: z.string().max(100).optional(),
  limit: z.string().regex(/^\d{1,3}$/, "must be a whole number").transform(Number).pipe(z.number().int().min(1).max(100)).default(50),
});
