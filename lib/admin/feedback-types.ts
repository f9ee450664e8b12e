// Shapes of the feedback inbox (GET /api/admin/feedback, API.md), shared by the server and the admin page.

export const feedbackInboxPageSize = { default: 50, max: 100 } as const;

export interface FeedbackInboxFilter {
  kind?: "rating" | "vote";
  /** A star rating; only ratings have one. */
  rating?: number;
  /** A vote's direction; only votes have one. */
  vote?: "up" | "down";
  /** Ratings sent from this page or a page under it (`/chat` also finds `/chat/…`). */
  page?: string;
  /** Votes on replies written by this model. */
  model?: string;
  /** Words in the comment, case-insensitive. */
  q?: string;
  /** UTC days, both included. */
  from?: string;
  to?: string;
  reviewed?: boolean;
}

export interface FeedbackInboxItem {
  id: string;
  kind: "rating" | "vote";
  rating?: number;
  vote?: "up" | "down";
  comment: string | null;
  /** The page a rating was sent from. */
  page?: string;
  /** The model that wrote the reply a vote is on (never the reply itself). */
  model?: string | null;
  createdAt: string;
  userId: string;
  email: string;
  reviewed: boolean;
  reviewedAt: string | null;
}

export interface FeedbackInbox {
  items: FeedbackInboxItem[];
  nextCursor: string | null;
}
