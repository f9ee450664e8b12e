export interface UsageFigures {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface UsageReport {
  from: string;
  to: string;
  /** The plan's id (a slug) and name. */
  plan: string;
  planName: string;
  totals: UsageFigures;
  daily: (UsageFigures & { date: string })[];
  byModel: (UsageFigures & { model: string })[];
  limits: {
    requestsPerMinute: number;
    chatRequestsPerMinute: number;
    /** null: no limit; 0: none allowed. */
    monthlyRequests: number | null;
    /** null: no limit; 0: nothing allowed. */
    monthlyBudgetUsd: number | null;
    /** The models chats may use; null: every model. */
    models: string[] | null;
    /** Whether an admin gave this person limits of their own over the plan's. */
    own: boolean;
  };
  /** This UTC month: chat requests admitted and dollars spent (open reservations at their maximum). */
  month: { chatRequests: number; spendUsd: number };
  /** The larger of the month's request and budget fractions (a limit of 0 counts as used up, no limit as 0); 1 means chat is refused until next month. */
  usedFraction: number;
}
