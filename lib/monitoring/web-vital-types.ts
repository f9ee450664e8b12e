// Shapes of POST /api/vitals (API.md), shared by the server and the browser reporter.

export const webVitalNames = ["LCP", "INP", "CLS", "FCP", "TTFB"] as const;
export type WebVitalName = (typeof webVitalNames)[number];

export const webVitalRatings = ["good", "needs-improvement", "poor"] as const;
export type WebVitalRating = (typeof webVitalRatings)[number];

/** Largest believable value: CLS is a unitless score, the others are milliseconds. */
export const webVitalMaxValue: Record<WebVitalName, number> = { CLS: 100, LCP: 600_000, INP: 600_000, FCP: 600_000, TTFB: 600_000 };

export const webVitalIdMaxLength = 100;
export const webVitalPageMaxLength = 500;

export interface WebVitalReport {
  name: WebVitalName;
  value: number;
  rating: WebVitalRating;
  id: string;
  page: string;
}
