/** @type {import('next').NextConfig} */
const nextConfig = {
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

export default nextConfig;
