import { z } from "zod";
import { planIdPattern } from "@/lib/admin/management-types";
import { limitValuesSchema, planFieldsSchema, planSlugSchema } from "../users/schema";

export const createPlanSchema = planFieldsSchema.extend({ id: planSlugSchema });

export const updatePlanSchema = planFieldsSchema.partial().refine((body) => Object.keys(body).length > 0, "give at least one field to change");

export const planParamsSchema = z.strictObject({ id: planSlugSchema });

/** The answers' shapes (lib/admin/management-types.ts), for the API's OpenAPI document. */
export const planSchema = limitValuesSchema.extend({
  id: z.string().regex(planIdPattern),
  name: z.string(),
  /** null: every model. */
  models: z.array(z.string()).nullable(),
  documentStorageBytes: z.number().int().nonnegative(),
  documentCount: z.number().int().nonnegative(),
  /** Accounts on the plan. */
  users: z.number().int().nonnegative(),
  /** null while the plan holds the seed's values. */
  editedAt: z.iso.datetime().nullable(),
});
export const planListSchema = z.strictObject({ plans: z.array(planSchema) });
export const planAnswerSchema = z.strictObject({ plan: planSchema });
