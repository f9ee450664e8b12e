export interface UsageFigures {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface UsageReport {
  from: string;
  to: string;
  plan: "free" | "pro";
  totals: UsageFigures;
  daily: (UsageFigures & { date: string })[];
  byModel: (UsageFigures & { model: string })[];
  limits: {
    requestsPerMinute: number;
    chatRequestsPerMinute: number;
    monthlyRequests: number;
    monthlyBudgetUsd: number;
  };
  /** This UTC month: chat requests admitted and dollars spent (open reservations at their maximum). */
  month: { chatRequests: number; spendUsd: number };
  /** The larger of the month's request and budget fractions; 1 means chat is refused until next month. */
  usedFraction: number;
}
