import "server-only";
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** `GET /api/metrics` is open unless METRICS_TOKEN is set; then it needs that bearer token. */
export function assertCanScrape(request: Request): void {
  const expected = env().METRICS_TOKEN;
  if (!expected) return;
  const given = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? "";
  const matches = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!matches) throw new AppError("unauthorized", "bad or missing metrics token");
}
