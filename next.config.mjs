import { withSentryConfig } from "@sentry/nextjs/config";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A second build beside the main one (the client-secrets check builds with Supabase variables).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite loads its WASM, data and extension bundles from its own dist folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "pino", "pino-pretty"],
  outputFileTracingIncludes: {
    "/**": [
      "./node_modules/@electric-sql/pglite/dist/**/*.{wasm,data,tar.gz}",
      "./node_modules/@electric-sql/pglite-pgvector/dist/**/*.tar.gz",
      "./supabase/migrations/*.sql",
      "./lib/db/local/*.sql",
    ],
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

// Build-time only, so read here rather than through lib/env.ts: source maps are uploaded to Sentry
// when SENTRY_AUTH_TOKEN (with SENTRY_ORG and SENTRY_PROJECT) is set, and not even generated for it otherwise.
const sentryAuthToken = process.env.SENTRY_AUTH_TOKEN || undefined;

export default withSentryConfig(nextConfig, {
  org: process.env.SENTRY_ORG || undefined,
  project: process.env.SENTRY_PROJECT || undefined,
  authToken: sentryAuthToken,
  sourcemaps: { disable: !sentryAuthToken },
  // No `tunnelRoute`: its rewrite serves sentry.io DSNs only. Browsers post to our own route
  // (app/(ops)/monitoring), which forwards to whatever SENTRY_DSN names.
  telemetry: false,
  silent: !process.env.CI,
});
