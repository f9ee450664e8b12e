import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasBearerToken } from "@/lib/http/bearer";

/** Cron routes answer only the scheduler, which sends CRON_SECRET as a bearer token. Without the secret set, nobody. */
export function assertCronCaller(request: Request): void {
  const secret = env().CRON_SECRET;
  if (!secret) throw new AppError("unauthorized", "CRON_SECRET is not set: cron routes are closed");
  if (!hasBearerToken(request, secret)) throw new AppError("unauthorized", "bad or missing cron secret");
}
