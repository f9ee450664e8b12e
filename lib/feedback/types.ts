// Shapes of the feedback API (API.md), shared by the server and the browser.

export const votes = ["up", "down"] as const;
export type Vote = (typeof votes)[number];

export const feedbackCommentMaxLength = 2000;
export const feedbackPageMaxLength = 2000;

export interface RatingFeedback {
  rating: number;
  comment?: string;
  page?: string;
}

export interface VoteFeedback {
  messageId: string;
  vote: Vote;
  comment?: string;
}

export type FeedbackInput = RatingFeedback | VoteFeedback;
