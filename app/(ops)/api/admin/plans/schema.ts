import { z } from "zod";
import { planFieldsSchema, planSlugSchema } from "../users/schema";

export const createPlanSchema = planFieldsSchema.extend({ id: planSlugSchema });

export const updatePlanSchema = planFieldsSchema.partial().refine((body) => Object.keys(body).length > 0, "give at least one field to change");

export const planParamsSchema = z.strictObject({ id: planSlugSchema });
