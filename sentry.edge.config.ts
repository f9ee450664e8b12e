import * as Sentry from "@sentry/nextjs";
import { sentryServerOptions } from "@/lib/monitoring/sentry-options";

Sentry.init(sentryServerOptions());
