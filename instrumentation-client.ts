import * as Sentry from "@sentry/nextjs";
import { scrubBreadcrumb, scrubEvent, scrubSpan } from "@/lib/monitoring/sentry-scrub";
import { publicEnv } from "@/lib/public-env";

// With Turbopack this is the only browser entry Sentry gets (sentry.client.config.ts is ignored).
Sentry.init({
  dsn: publicEnv.sentryDsn,
  enabled: Boolean(publicEnv.sentryDsn),
  release: publicEnv.appVersion,
  environment: publicEnv.sentryEnvironment ?? process.env.NODE_ENV,
  tracesSampleRate: 0,
  dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false, stackFrameVariables: false },
  beforeSend: (event) => scrubEvent(event),
  // v11 streams spans by default (`beforeSendTransaction` is not called then): spans are scrubbed one by one.
  beforeSendSpan: (span) => scrubSpan(span),
  beforeBreadcrumb: (crumb) => scrubBreadcrumb(crumb),
});

export const onRouterTransitionStart = Sentry.captureRouterTransitionStart;
