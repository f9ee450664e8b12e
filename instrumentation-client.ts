import * as Sentry from "@sentry/nextjs";
import { browserSentryConfigElementId, type BrowserSentryConfig } from "@/lib/monitoring/browser-sentry-types";
import { scrubBreadcrumb, scrubEvent, scrubSpan } from "@/lib/monitoring/sentry-scrub";

// With Turbopack this is the only browser entry Sentry gets (sentry.client.config.ts is ignored).
function initSentry(config: BrowserSentryConfig) {
  Sentry.init({
    dsn: config.dsn,
    tunnel: config.tunnel,
    release: config.release,
    environment: config.environment,
    tracesSampleRate: 0,
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false, stackFrameVariables: false },
    beforeSend: (event) => scrubEvent(event),
    // v11 streams spans by default (`beforeSendTransaction` is not called then): spans are scrubbed one by one.
    beforeSendSpan: (span) => scrubSpan(span),
    beforeBreadcrumb: (crumb) => scrubBreadcrumb(crumb),
  });
}

function readConfig(): BrowserSentryConfig | null {
  const text = document.getElementById(browserSentryConfigElementId)?.textContent;
  return text ? (JSON.parse(text) as BrowserSentryConfig) : null;
}

function start() {
  const config = readConfig();
  if (config) initSentry(config);
}

// The root layout renders the config into the page; this script may run before the parser reaches it.
if (document.readyState === "loading" && !document.getElementById(browserSentryConfigElementId)) {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}

export const onRouterTransitionStart = Sentry.captureRouterTransitionStart;
