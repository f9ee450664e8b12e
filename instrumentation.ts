import * as Sentry from "@sentry/nextjs";

export async function register() {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./sentry.server.config");
  // Parse the environment now: a missing or malformed variable stops the start with its name.
  const { env } = await import("@/lib/env");
  env();
  // Open the database before the first request. Locally that migrates it, makes a second process on
  // the same data directory fail now with a clear message, and does the start-up work lib/boot.ts lists.
  const { boot } = await import("@/lib/boot");
  await boot();
}

// Errors Next catches itself (rendering pages and server components); API routes report theirs in toResponse.
export const onRequestError = Sentry.captureRequestError;
