import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants.js";
import { downloadContentSecurityPolicy, resourceContentSecurityPolicy, securityHeaders } from "./lib/http/static-headers.mjs";

/** @type {import("next").NextConfig} */
const nextConfig = {
  // A second build beside the main one (the client-secrets check builds with Supabase variables).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite loads its WASM, data and extension bundles from its own dist folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "pino", "pino-pretty", "unpdf", "mammoth"],
  outputFileTracingIncludes: {
    "/**": [
      "./node_modules/@electric-sql/pglite/dist/**/*.{wasm,data,tar.gz}",
      "./node_modules/@electric-sql/pglite-pgvector/dist/**/*.tar.gz",
      "./supabase/migrations/*.sql",
      "./lib/db/local/*.sql",
      // The embedded database's worker thread runs these as they are, found at run time (lib/db/local/open-pglite.ts).
      "./lib/db/*.mjs",
      "./lib/db/local/*.mjs",
      "./node_modules/@electric-sql/pglite/dist/**",
      "./node_modules/@electric-sql/pglite-pgvector/dist/**",
    ],
  },
  poweredByHeader: false,
  experimental: {
    // `next start` would load every page's and route's modules before its first answer (a third
    // of a second of CPU on this 2-core machine, npm run bench:start); each loads on its first
    // request instead. A warm-up, which the start budget says must not delay the first answer.
    preloadEntriesOnStart: false,
  },
  reactStrictMode: true,
  async headers() {
    const resourcePolicy = [{ key: "Content-Security-Policy", value: resourceContentSecurityPolicy }];
    return [
      { source: "/:path*", headers: [...securityHeaders] },
      // Pages get a per-response nonce policy from proxy.ts; these are exactly the paths its matcher leaves out.
      { source: "/api/:path+", headers: resourcePolicy },
      // Later rules win: an uploaded file served back is sandboxed as well.
      { source: "/api/documents/:id/file", headers: [{ key: "Content-Security-Policy", value: downloadContentSecurityPolicy }] },
      { source: "/_next/:path+", headers: resourcePolicy },
      { source: "/monitoring", headers: resourcePolicy },
      { source: "/monitoring/:path+", headers: resourcePolicy },
      // Shared links: the token is the whole secret, so no referrer carries it off-site, nothing
      // caches a page a revoke must reach, and no search engine lists it.
      {
        source: "/share/:token",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "private, no-store" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      },
    ];
  },
};

// Build-time only, so read here rather than through lib/env.ts: source maps are uploaded to Sentry
// when SENTRY_AUTH_TOKEN (with SENTRY_ORG and SENTRY_PROJECT) is set, and not even generated for it otherwise.
const sentryAuthToken = process.env.SENTRY_AUTH_TOKEN || undefined;

const sentryOptions = {
  org: process.env.SENTRY_ORG || undefined,
  project: process.env.SENTRY_PROJECT || undefined,
  authToken: sentryAuthToken,
  sourcemaps: { disable: !sentryAuthToken },
  // No `tunnelRoute`: its rewrite serves sentry.io DSNs only. Browsers post to our own route
  // (app/(ops)/monitoring), which forwards to whatever SENTRY_DSN names.
  telemetry: false,
  silent: !process.env.CI,
};

/** @param {string} phase */
export default async function config(phase) {
  // `next start` reads this file again before it serves: Sentry's wrapper (170 ms to import) only
  // shapes the build, and of what it adds the server reads one setting, the trace headers the
  // browser SDK continues, which is set here (Sentry's manual set-up names the same two).
  if (phase === PHASE_PRODUCTION_SERVER) return { ...nextConfig, experimental: { ...nextConfig.experimental, clientTraceMetadata: ["baggage", "sentry-trace"] } };
  const { withSentryConfig } = await import("@sentry/nextjs/config");
  // Sentry's build-time instrumentation runs a JavaScript loader over every server module Turbopack
  // compiles, node_modules included: in `next dev` it made a fresh clone's first page about a fifth
  // later (npm run bench:dev, median of 4 runs each). Dev keeps the SDK, with its run-time hooks
  // in their place (which work only while that package stays external); builds keep the loader.
  if (phase !== PHASE_DEVELOPMENT_SERVER) return withSentryConfig(nextConfig, sentryOptions);
  return withSentryConfig(
    { ...nextConfig, serverExternalPackages: [...nextConfig.serverExternalPackages, "@sentry/server-runtime-injection"] },
    { ...sentryOptions, buildTimeInstrumentation: false },
  );
}
