import * as Sentry from "@sentry/nextjs";

export async function register() {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./sentry.server.config");
  // Open and migrate the embedded database at start, so a second process on the same data
  // directory fails now with a clear message, and replies cut off by a crash are marked. Then
  // start the background worker (embeddings) over the jobs table.
  const { getDb } = await import("@/lib/db/client");
  await getDb();
  const { startLocalWorker } = await import("@/lib/jobs/worker");
  startLocalWorker();
}

// Errors Next catches itself (rendering pages and server components); API routes report theirs in toResponse.
export const onRequestError = Sentry.captureRequestError;
