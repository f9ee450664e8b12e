import { z } from "zod";
import { storableText } from "@/lib/http/storable-text";
import { feedbackCommentMaxLength, feedbackPageMaxLength, votes } from "@/lib/feedback/types";

const comment = storableText()
  .trim()
  .max(feedbackCommentMaxLength, `must be at most ${feedbackCommentMaxLength} characters`)
  .optional();

const ratingFeedbackSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment,
  page: storableText()
    .max(feedbackPageMaxLength, `must be at most ${feedbackPageMaxLength} characters`)
    .regex(/^\//, "must be a path of this site, starting with /")
    .optional(),
});

const voteFeedbackSchema = z.strictObject({
  messageId: z.uuid(),
  vote: z.enum(votes),
  comment,
});

export const createFeedbackSchema = z.union([ratingFeedbackSchema, voteFeedbackSchema], {
  error: "send either { rating, comment?, page? } or { messageId, vote, comment? }",
});

export const voteParamsSchema = z.object({ messageId: z.uuid() });

/** The answer's shape, for the API's OpenAPI document. */
export const createdFeedbackSchema = z.strictObject({ id: z.uuid() });
