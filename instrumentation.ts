import * as Sentry from "@sentry/nextjs";

export async function register() {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./sentry.server.config");
  // Parse the environment now: a missing or malformed variable stops the start with its name.
  const { env } = await import("@/lib/env");
  const { mode } = env();
  // Open the database at start. Locally that also migrates it, makes a second process on the same
  // data directory fail now with a clear message, and marks replies cut off by a crash.
  const { getDb } = await import("@/lib/db/client");
  await getDb();
  // The local mode's background worker (embeddings, alerts); on Supabase, the edge function and
  // Vercel Cron do that work.
  if (mode === "local") {
    const { startLocalWorker } = await import("@/lib/jobs/worker");
    startLocalWorker();
  }
}

// Errors Next catches itself (rendering pages and server components); API routes report theirs in toResponse.
export const onRequestError = Sentry.captureRequestError;
