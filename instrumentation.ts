import type { Instrumentation } from "next";

// Next answers no request before register() has finished, so what it loads is on the way to the
// first answer: the database starts opening first (locally on a thread of its own, while this one
// loads the rest), and nothing here loads Sentry's SDK before that.
export async function register() {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Parse the environment now: a missing or malformed variable stops the start with its name.
  const { env } = await import("@/lib/env");
  env();
  // The database and the start-up work lib/boot.ts lists, without holding up the server.
  (await import("@/lib/boot")).startInBackground();
  await import("./sentry.server.config");
}

// Errors Next catches itself (rendering pages and server components); API routes report theirs in toResponse.
export const onRequestError: Instrumentation.onRequestError = async (...args) => {
  const { captureRequestError } = await import("@sentry/nextjs");
  captureRequestError(...args);
};
