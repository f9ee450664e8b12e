import type { EventHint } from "@sentry/nextjs";

// What the server tells the browser's Sentry set-up at run time, so one build serves every deployment.

export interface BrowserSentryConfig {
  dsn: string;
  release: string;
  environment: string;
  /** Same-origin path the browser posts envelopes to; the server forwards them to the DSN's ingest. */
  tunnel: string;
}

/** The path browsers post their Sentry envelopes to (`app/(ops)/monitoring/route.ts`). */
export const sentryTunnelPath = "/monitoring";

/** The id of the JSON `<script>` the root layout renders the config into (absent when Sentry is off). */
export const browserSentryConfigElementId = "sentry-browser-config";

/** The calls the browser makes to its Sentry SDK, once it has started. */
export interface BrowserSentrySdk {
  captureException: (error: unknown, hint?: EventHint) => void;
  setUser: (user: { id: string } | null) => void;
}
