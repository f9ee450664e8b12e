import { startBrowserSentry } from "@/lib/monitoring/browser-sentry";

// With Turbopack this is the only browser entry Sentry gets (sentry.client.config.ts is ignored).
// It only schedules the SDK: see lib/monitoring/browser-sentry.ts.
startBrowserSentry();
