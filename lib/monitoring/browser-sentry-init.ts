import * as Sentry from "@sentry/nextjs";
import type { BrowserSentrySdk, BrowserSentryConfig } from "./browser-sentry-types";
import { scrubBreadcrumb, scrubEvent, scrubSpan } from "./sentry-scrub";

/**
 * The browser SDK, started: loaded on its own by lib/monitoring/browser-sentry.ts once the page is
 * up. It hands back only the calls the browser makes: the whole namespace would keep every export
 * of the SDK (replay, feedback, …) in the chunk.
 */
export function initBrowserSentry(config: BrowserSentryConfig): BrowserSentrySdk {
  Sentry.init({
    dsn: config.dsn,
    tunnel: config.tunnel,
    release: config.release,
    environment: config.environment,
    tracesSampleRate: 0,
    // The browser sends no spans (rate 0), so browser tracing's performance observers, pageload span
    // and per-request spans were work on every page with nothing to report: left out.
    integrations: (defaults) => defaults.filter((integration) => integration.name !== "BrowserTracing"),
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false, stackFrameVariables: false },
    beforeSend: (event) => scrubEvent(event),
    // v11 streams spans by default (`beforeSendTransaction` is not called then): spans are scrubbed one by one.
    beforeSendSpan: (span) => scrubSpan(span),
    beforeBreadcrumb: (crumb) => scrubBreadcrumb(crumb),
  });
  return {
    captureException: (error, hint) => Sentry.captureException(error, hint),
    setUser: (user) => Sentry.setUser(user),
  };
}
