import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

// The parts of Vercel's vercel.json schema this project uses, strictly: a typo in a key fails here
// rather than being ignored at deploy time.
const vercelConfigSchema = z.strictObject({
  $schema: z.literal("https://openapi.vercel.sh/vercel.json"),
  framework: z.literal("nextjs"),
  regions: z.array(z.string().regex(/^[a-z]{3}\d$/)).length(1),
  // Branch (or glob) → whether a push to it deploys; deploy-order.test.ts checks main's is off.
  git: z.strictObject({ deploymentEnabled: z.record(z.string(), z.boolean()) }),
  crons: z
    .array(
      z.strictObject({
        path: z.string().regex(/^\/[^\s?#]*$/),
        schedule: z.string().regex(/^[\d*,/-]+( [\d*,/-]+){4}$/, "a five-field cron expression in UTC"),
      }),
    )
    .min(1),
});

/** URL path → route file, for every static App Router route (route groups dropped, dynamic segments skipped). */
function listRouteFiles(): Map<string, string> {
  const routes = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const child = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name === "route.ts") {
        const segments = dir.split("/").slice(1).filter((segment) => !/^\(.*\)$/.test(segment));
        if (segments.some((segment) => segment.startsWith("["))) continue;
        routes.set(`/${segments.join("/")}`, child);
      }
    }
  };
  walk("app");
  return routes;
}

describe("vercel.json", () => {
  const config = JSON.parse(read("vercel.json")) as unknown;

  it("matches the schema of the keys it uses", () => {
    expect(vercelConfigSchema.safeParse(config).error).toBeUndefined();
  });

  it("points every cron at a route file that answers GET (Vercel calls crons with GET)", () => {
    const { crons } = vercelConfigSchema.parse(config);
    const routes = listRouteFiles();
    for (const { path: cronPath } of crons) {
      const file = routes.get(cronPath);
      expect(file, `no route file for ${cronPath}`).toBeDefined();
      expect(read(file!), file).toMatch(/export (const \{[^}]*\bGET\b[^}]*\}|(async )?function GET\b|const GET\b)/);
    }
  });

  it("leaves function limits to the route files: no `functions` globs to drift from the built paths", () => {
    expect(config).not.toHaveProperty("functions");
    const chatRoute = read("app/(chat)/api/chat/route.ts");
    const maxDuration = Number(/^export const maxDuration = (\d+);$/m.exec(chatRoute)?.[1]);
    // Vercel's ceiling on every plan with fluid compute; a larger value fails the deploy on Hobby.
    expect(maxDuration).toBeGreaterThanOrEqual(60);
    expect(maxDuration).toBeLessThanOrEqual(300);
  });
});
