import * as Sentry from "@sentry/nextjs";
import { sentryServerOptions } from "@/lib/monitoring/sentry-options";

const options = sentryServerOptions();
// Without a DSN nothing would be sent, so the SDK is not started at all: once started it traces
// every request (its OpenTelemetry context and a span per request), which costs for nothing.
if (options.enabled) Sentry.init(options);
