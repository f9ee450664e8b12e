import * as Sentry from "@sentry/nextjs";

export async function register() {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./sentry.server.config");
  // Parse the environment now: a missing or malformed variable stops the start with its name.
  const { env } = await import("@/lib/env");
  env();
  // The database and the start-up work lib/boot.ts lists, without holding up the server.
  (await import("@/lib/boot")).startInBackground();
}

// Errors Next catches itself (rendering pages and server components); API routes report theirs in toResponse.
export const onRequestError = Sentry.captureRequestError;
