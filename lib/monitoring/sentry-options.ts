import "server-only";
import type { NodeOptions } from "@sentry/nextjs";
import { env } from "@/lib/env";
import { sentryTunnelPath, type BrowserSentryConfig } from "./browser-sentry-types";
import { scrubBreadcrumb, scrubEvent, scrubSpan } from "./sentry-scrub";

/**
 * What the server and edge runtimes give `Sentry.init`. Without SENTRY_DSN nothing is sent. The
 * SDK's own collection of bodies, headers, cookies, query strings, AI prompts and replies, database
 * values and local variables is off (v11 replaced `sendDefaultPii` with `dataCollection`); the
 * scrub is the second line.
 */
export function sentryServerOptions(): NodeOptions {
  const { SENTRY_DSN, SENTRY_ENVIRONMENT, SENTRY_TRACES_SAMPLE_RATE, APP_VERSION, NODE_ENV } = env();
  return {
    dsn: SENTRY_DSN,
    enabled: Boolean(SENTRY_DSN),
    release: APP_VERSION,
    environment: SENTRY_ENVIRONMENT ?? NODE_ENV,
    tracesSampleRate: SENTRY_TRACES_SAMPLE_RATE,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      graphQL: { document: false, variables: false },
      genAI: { inputs: false, outputs: false },
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
    },
    beforeSend: (event) => scrubEvent(event),
    // v11 streams spans by default (`beforeSendTransaction` is not called then): spans are scrubbed one by one.
    beforeSendSpan: (span) => scrubSpan(span),
    beforeBreadcrumb: (crumb) => scrubBreadcrumb(crumb),
  };
}

/**
 * The browser's Sentry settings, read from the server's environment on each page render (a DSN is
 * public by design), or null when Sentry is off. Browsers report to the same project as the server.
 */
export function browserSentryConfig(): BrowserSentryConfig | null {
  const { SENTRY_DSN, SENTRY_ENVIRONMENT, APP_VERSION, NODE_ENV } = env();
  if (!SENTRY_DSN) return null;
  return { dsn: SENTRY_DSN, release: APP_VERSION, environment: SENTRY_ENVIRONMENT ?? NODE_ENV, tunnel: sentryTunnelPath };
}
