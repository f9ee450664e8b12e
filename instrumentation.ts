import * as Sentry from "@sentry/nextjs";

export async function register() {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./sentry.server.config");
  // Parse the environment now: a missing or malformed variable stops the start with its name.
  const { env } = await import("@/lib/env");
  env();
  // Open the database and do the start-up work lib/boot.ts lists, without holding up the server:
  // requests wait for the database themselves, and token checks for the revoked sessions. A
  // database that cannot be opened (another process holds the data directory: the error names it)
  // stops the process, as it did when the server waited for it.
  const [{ boot }, { getDb }, { logger }] = await Promise.all([import("@/lib/boot"), import("@/lib/db/client"), import("@/lib/monitoring/logger")]);
  getDb().catch((error: unknown) => {
    logger.fatal({ err: error }, "the database could not be opened");
    process.exit(1);
  });
  boot().catch((error: unknown) => logger.error({ err: error }, "start-up failed"));
}

// Errors Next catches itself (rendering pages and server components); API routes report theirs in toResponse.
export const onRequestError = Sentry.captureRequestError;
