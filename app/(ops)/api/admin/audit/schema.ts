import { z } from "zod";

export const auditQuerySchema = z.strictObject({
  cursor: z.string().max(100).optional(),
  limit: z.string().regex(/^\d{1,3}$/, "must be a whole number").transform(Number).pipe(z.number().int().min(1).max(100)).default(50),
});

/** The answers' shapes (lib/admin/management-types.ts), for the API's OpenAPI document. */
export const auditEntrySchema = z.strictObject({
  id: z.uuid(),
  actorId: z.uuid(),
  actorEmail: z.string().nullable(),
  action: z.enum(["user.plan", "user.limits", "user.suspend", "user.reactivate", "plan.create", "plan.update", "plan.delete"]),
  targetKind: z.enum(["user", "plan"]),
  /** A user's id or a plan's slug. */
  targetId: z.string(),
  targetEmail: z.string().nullable(),
  /** What changed, before and after (null: none, as for a created or deleted plan). */
  before: z.unknown(),
  after: z.unknown(),
  createdAt: z.iso.datetime(),
});
export const auditPageSchema = z.strictObject({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
