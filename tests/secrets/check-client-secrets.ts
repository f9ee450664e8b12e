/**
 * Builds the app as a Supabase deployment would (Supabase variables and every secret set, each to
 * a unique canary), then proves that no secret reached the browser: not in any file of the build
 * (client chunks, prerendered HTML, RSC payloads, manifests) nor in any page the server renders.
 * The public pair (project URL, publishable key) is meant for browsers and is allowed.
 *
 *     npx tsx tests/secrets/check-client-secrets.ts
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const distDir = ".next-secrets-check";
const canary = (name: string) => `canary${name.replaceAll("_", "").toLowerCase()}${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;

const secrets = {
  DATABASE_URL: `postgresql://postgres.abcdefghijklmnop:${canary("dbpassword")}@127.0.0.1:9/postgres`,
  SUPABASE_SECRET_KEY: `sb_secret_${canary("SUPABASE_SECRET_KEY")}`,
  SUPABASE_SERVICE_ROLE_KEY: canary("SUPABASE_SERVICE_ROLE_KEY"),
  SUPABASE_JWT_SECRET: canary("SUPABASE_JWT_SECRET"),
  AUTH_SECRET: canary("AUTH_SECRET_padding_to_32_chars"),
  OPENAI_API_KEY: `sk-${canary("OPENAI_API_KEY")}`,
  CRON_SECRET: canary("CRON_SECRET"),
  METRICS_TOKEN: canary("METRICS_TOKEN"),
  ALERT_WEBHOOK_URL: `https://hooks.slack.com/services/${canary("ALERT_WEBHOOK_URL")}`,
};
// What a secret looks like inside the files: the canary part alone (a URL may be split or escaped).
const needles = Object.entries(secrets).map(([name, value]) => ({ name, needle: value.match(/canary[a-z0-9]+/)![0] }));

const environment = {
  ...process.env,
  ...secrets,
  NEXT_PUBLIC_SUPABASE_URL: "https://abcdefghijklmnop.supabase.co",
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_public_value",
  NEXT_DIST_DIR: distDir,
  NEXT_TELEMETRY_DISABLED: "1",
  NODE_ENV: "production" as const,
};

function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "cache" ? [] : filesUnder(full);
    // Links point back into node_modules (the server's externals), which is not the build.
    return entry.isFile() ? [full] : [];
  });
}

function findSecrets(text: string): string[] {
  return needles.filter(({ needle }) => text.includes(needle)).map(({ name }) => name);
}

const problems: string[] = [];

console.log(`Building with the Supabase variables and canary secrets into ${distDir}/ …`);
const build = spawnSync("npx", ["next", "build"], { cwd: root, env: environment, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  console.error("FAIL: the production build with Supabase variables set did not succeed");
  process.exit(1);
}

const files = filesUnder(path.join(root, distDir));
for (const file of files) {
  const found = findSecrets(fs.readFileSync(file, "latin1"));
  if (found.length) problems.push(`${path.relative(root, file)} contains ${found.join(", ")}`);
}
console.log(`Scanned ${files.length} build files.`);

// The pages a visitor gets, from a server running that build. No database is reachable: the pages
// that don't need one must still render and leak nothing.
const port = 3299;
const server = spawn("npx", ["next", "start", "-p", String(port)], { cwd: root, env: { ...environment, LOG_LEVEL: "silent" }, stdio: "ignore", detached: true });
try {
  let ready = false;
  for (let attempt = 0; attempt < 120 && !ready; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    ready = await fetch(`http://127.0.0.1:${port}/login`).then((response) => response.ok, () => false);
  }
  if (!ready) problems.push("the server did not answer /login within 60 s");
  for (const page of ["/login", "/signup", "/", "/chat", "/api/auth/session", "/api/health", "/api/nope"]) {
    const response = await fetch(`http://127.0.0.1:${port}${page}`, { redirect: "manual" });
    const body = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${await response.text()}`;
    const found = findSecrets(body);
    if (found.length) problems.push(`GET ${page} (${response.status}) contains ${found.join(", ")}`);
  }
} finally {
  process.kill(-server.pid!, "SIGTERM");
}

fs.rmSync(path.join(root, distDir), { recursive: true, force: true });
if (problems.length) {
  console.error(`FAIL: secrets reached the browser:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`OK: none of ${needles.map(({ name }) => name).join(", ")} appears in the build or in served pages.`);
