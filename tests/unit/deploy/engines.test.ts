import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

const lockSchema = z.object({
  packages: z.record(
    z.string(),
    z.object({
      version: z.string().optional(),
      engines: z.union([z.record(z.string(), z.string()), z.array(z.string())]).optional(),
      optional: z.boolean().optional(),
      os: z.array(z.string()).optional(),
      cpu: z.array(z.string()).optional(),
    }),
  ),
});

const range = z.object({ engines: z.object({ node: z.string() }) }).parse(JSON.parse(read("package.json"))).engines.node;
const floor = semver.minVersion(range)!;
const locked = Object.entries(lockSchema.parse(JSON.parse(read("package-lock.json"))).packages).filter(([location]) => location !== "");
const nodeRangeOf = (engines: Record<string, string> | string[] | undefined) => (engines && !Array.isArray(engines) ? engines.node : undefined);

// npm warns (EBADENGINE) when an installed package's engines reject the running Node.js, and the
// package may well fail there. The project's engines must promise no Node.js that a dependency refuses.
describe("the Node.js versions the project supports", () => {
  it("every locked package accepts every version engines.node admits", () => {
    const refusing = locked.flatMap(([location, entry]) => {
      const accepted = nodeRangeOf(entry.engines);
      if (!accepted) return [];
      // A platform binary (sharp's, rolldown's) installs only on its os and cpu; it must take the floor.
      const isPlatformBinary = entry.optional === true && Boolean(entry.os ?? entry.cpu);
      const fits = isPlatformBinary ? semver.satisfies(floor, accepted) : semver.subset(range, accepted);
      return fits ? [] : [`${location.replace(/^.*node_modules\//, "")}@${entry.version}: ${accepted}`];
    });
    expect(refusing, `engines.node is ${range}`).toEqual([]);
  });

  it("the lock file records the same engines as package.json", () => {
    const project = lockSchema.parse(JSON.parse(read("package-lock.json"))).packages[""];
    expect(nodeRangeOf(project?.engines)).toBe(range);
  });

  it("the Node.js running the tests, CI's, is one of them", () => {
    expect(semver.satisfies(process.version, range), `${process.version} against ${range}`).toBe(true);
  });

  it.each(["README.md", "DEPLOY.md"])("%s states the same floor and range", (file) => {
    const text = read(file);
    expect(text).toContain(`\`${range}\``);
    const stated = [...text.matchAll(/\bNode(?:\.js)? (\d+(?:\.\d+)*)\+?/g)].map((match) => match[1]);
    expect(stated.length).toBeGreaterThan(0);
    expect(new Set(stated)).toEqual(new Set([`${floor.major}.${floor.minor}`]));
  });
});
