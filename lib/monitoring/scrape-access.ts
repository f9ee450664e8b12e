import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasBearerToken } from "@/lib/http/bearer";

/** `GET /api/metrics` is open unless METRICS_TOKEN is set; then it needs that bearer token. */
export function assertCanScrape(request: Request): void {
  const expected = env().METRICS_TOKEN;
  if (expected && !hasBearerToken(request, expected)) throw new AppError("unauthorized", "bad or missing metrics token");
}
