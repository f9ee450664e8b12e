import "server-only";
import { env, isProduction } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasBearerToken } from "@/lib/http/bearer";

/**
 * `GET /api/metrics` needs the METRICS_TOKEN bearer. In production (`next start`) it stays closed
 * until a token is configured: a deployment must not publish its traffic and spend by default.
 * Only `next dev` serves it without one.
 */
export function assertCanScrape(request: Request): void {
  const expected = env().METRICS_TOKEN;
  if (!expected) {
    if (isProduction()) {
      throw new AppError("unauthorized", "metrics scraped in production without METRICS_TOKEN configured", {
        publicMessage: "Metrics are closed until the server has a METRICS_TOKEN; send it as a bearer token.",
      });
    }
    return;
  }
  if (!hasBearerToken(request, expected)) throw new AppError("unauthorized", "bad or missing metrics token");
}
