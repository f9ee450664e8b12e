import { z } from "zod";
import { adminUserSorts, planIdPattern } from "@/lib/admin/management-types";
import { alertSeveritySchema } from "../alerts/[id]/schema";
import { auditEntrySchema } from "../audit/schema";

const sortValues = [...adminUserSorts, ...adminUserSorts.map((sort) => `-${sort}` as const)] as const;

export const adminUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  /** A column; a leading "-" sorts it descending. */
  sort: z.enum(sortValues).default("-createdAt"),
  cursor: z.string().max(1000).optional(),
  limit: z.string().regex(/^\d{1,3}$/, "must be a whole number").transform(Number).pipe(z.number().int().min(1).max(100)).default(25),
});

const userStatusSchema = z.enum(["active", "suspended"]);

export const adminUserParamsSchema = z.strictObject({ id: z.uuid() });

const perMinute = z.number().int().min(1).max(1_000_000);
const monthlyRequests = z.number().int().min(0).max(100_000_000);
const monthlyBudgetUsd = z.number().min(0).max(1_000_000);

export const planSlugSchema = z.string().regex(planIdPattern, "a plan id: lower-case letters, digits and dashes, at most 40");

/** Each limit: a number of their own, or null for the plan's. */
export const ownLimitsSchema = z.strictObject({
  apiRequestsPerMinute: perMinute.nullable().default(null),
  chatRequestsPerMinute: perMinute.nullable().default(null),
  monthlyRequests: monthlyRequests.nullable().default(null),
  monthlyBudgetUsd: monthlyBudgetUsd.nullable().default(null),
});

export const updateAdminUserSchema = z
  .strictObject({
    plan: planSlugSchema.optional(),
    /** null: the plan's limits again. */
    limits: ownLimitsSchema.nullable().optional(),
    status: userStatusSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "give at least one of plan, limits, status");

export const planFieldsSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  apiRequestsPerMinute: perMinute,
  chatRequestsPerMinute: perMinute,
  /** null: no limit. */
  monthlyRequests: monthlyRequests.nullable(),
  /** null: no limit. */
  monthlyBudgetUsd: monthlyBudgetUsd.nullable(),
  /** null: every model. */
  models: z.array(z.string().trim().min(1).max(200)).max(100).nullable(),
  /** Bytes of a person's documents together; a new plan without it gets the free plan's seed. */
  documentStorageBytes: z.number().int().min(0).max(1_099_511_627_776).optional(),
  /** Documents a person may keep; likewise. */
  documentCount: z.number().int().min(0).max(1_000_000).optional(),
});

const count = z.number().int().nonnegative();
const usd = z.number().nonnegative();
const figures = { requests: count, inputTokens: count, outputTokens: count, costUsd: usd };

/** The answers' shapes (lib/admin/management-types.ts), for the API's OpenAPI document. */
export const limitValuesSchema = z.strictObject({
  apiRequestsPerMinute: count,
  chatRequestsPerMinute: count,
  monthlyRequests: count.nullable(),
  monthlyBudgetUsd: usd.nullable(),
});

export const adminUserSchema = z.strictObject({
  id: z.uuid(),
  email: z.string(),
  createdAt: z.iso.datetime(),
  lastActiveAt: z.iso.datetime().nullable(),
  plan: z.string(),
  planName: z.string(),
  status: userStatusSchema,
  limits: z
    .strictObject({
      apiRequestsPerMinute: count.nullable(),
      chatRequestsPerMinute: count.nullable(),
      monthlyRequests: count.nullable(),
      monthlyBudgetUsd: usd.nullable(),
    })
    .nullable(),
  effectiveLimits: limitValuesSchema.extend({ models: z.array(z.string()).nullable() }),
  month: z.strictObject(figures),
  budgetUsedFraction: z.number().nonnegative(),
});
export const adminUserListSchema = z.strictObject({ users: z.array(adminUserSchema), nextCursor: z.string().nullable() });
export const adminUserDetailSchema = adminUserSchema.extend({
  daily: z.array(z.strictObject({ date: z.iso.date(), ...figures })),
  byModel: z.array(z.strictObject({ model: z.string(), ...figures })),
  alerts: z.array(z.strictObject({ id: z.uuid(), rule: z.string(), severity: alertSeveritySchema, summary: z.string(), firedAt: z.iso.datetime() })),
  feedback: z.array(
    z.strictObject({
      id: z.uuid(),
      kind: z.enum(["rating", "vote"]),
      rating: z.number().int().min(1).max(5).nullable(),
      vote: z.enum(["up", "down"]).nullable(),
      comment: z.string().nullable(),
      page: z.string().nullable(),
      model: z.string().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
  audit: z.array(auditEntrySchema),
});
