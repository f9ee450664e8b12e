import { z } from "zod";
import { feedbackInboxPageSize } from "@/lib/admin/feedback-types";
import { storableText } from "@/lib/http/storable-text";

const isoDate = z.iso.date();
// An empty box in the filter form means "any".
const optionalText = (max: number) =>
  storableText().trim().max(max, `must be at most ${max} characters`).optional().transform((text) => text || undefined);

const filterShape = {
  kind: z.enum(["rating", "vote"]).optional(),
  rating: z.enum(["1", "2", "3", "4", "5"]).transform(Number).optional(),
  vote: z.enum(["up", "down"]).optional(),
  page: optionalText(2000).refine((page) => page === undefined || page.startsWith("/"), "must be a path starting with /"),
  model: optionalText(100),
  q: optionalText(200),
  from: isoDate.optional(),
  to: isoDate.optional(),
  reviewed: z.enum(["true", "false"]).transform((flag) => flag === "true").optional(),
};

type Filter = { kind?: string; rating?: number; vote?: string; page?: string; model?: string; from?: string; to?: string };

/** Filters that can match nothing are a mistake in the query, not an empty inbox. */
function checkFilter(filter: Filter, context: z.RefinementCtx) {
  if (filter.from && filter.to && filter.from > filter.to) context.addIssue({ code: "custom", path: ["from"], message: "must not be after to" });
  if (filter.kind === "vote" && (filter.rating !== undefined || filter.page)) context.addIssue({ code: "custom", path: ["kind"], message: "votes have no rating or page" });
  if (filter.kind === "rating" && (filter.vote || filter.model)) context.addIssue({ code: "custom", path: ["kind"], message: "ratings have no vote or model" });
}

/** The CSV export's filters; unknown keys are refused so a typo is not silently ignored. */
export const feedbackFilterSchema = z.strictObject(filterShape).superRefine(checkFilter);

/** The inbox: the same filters, a page size and the cursor of the previous page. */
export const feedbackInboxQuerySchema = z
  .strictObject({
    ...filterShape,
    cursor: z.string().min(1).max(200).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, "must be a whole number")
      .transform(Number)
      .pipe(z.number().int().min(1).max(feedbackInboxPageSize.max))
      .default(feedbackInboxPageSize.default),
  })
  .superRefine(checkFilter);

export const feedbackParamsSchema = z.object({ id: z.uuid() });

export const reviewFeedbackSchema = z.strictObject({ reviewed: z.boolean() });

/** The answers' shapes (lib/admin/feedback-types.ts), for the API's OpenAPI document. */
const inboxItemBase = {
  id: z.uuid(),
  comment: z.string().nullable(),
  createdAt: z.iso.datetime(),
  userId: z.uuid(),
  email: z.string(),
  reviewed: z.boolean(),
  reviewedAt: z.iso.datetime().nullable(),
};
/** A rating (with the page it was sent from, when known) or a vote (with the model of the reply it is on). */
export const feedbackInboxItemSchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...inboxItemBase, kind: z.literal("rating"), rating: z.number().int().min(1).max(5), page: z.string().optional() }),
  z.strictObject({ ...inboxItemBase, kind: z.literal("vote"), vote: z.enum(["up", "down"]), model: z.string().nullable() }),
]);
export const feedbackInboxSchema = z.strictObject({ items: z.array(feedbackInboxItemSchema), nextCursor: z.string().nullable() });
export const reviewedFeedbackSchema = z.strictObject({ id: z.uuid(), reviewed: z.boolean(), reviewedAt: z.iso.datetime().nullable() });
