import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

const exactVersion = /^\d+\.\d+\.\d+$/;

const stepSchema = z.object({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
});
const jobSchema = z.object({
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  steps: z.array(stepSchema),
});
const workflowSchema = z.object({
  name: z.string(),
  on: z.record(z.string(), z.unknown()),
  concurrency: z.object({ group: z.string(), "cancel-in-progress": z.boolean() }).optional(),
  jobs: z.record(z.string(), jobSchema),
});
type Job = z.infer<typeof jobSchema>;

const ci = workflowSchema.parse(parse(read(".github/workflows/ci.yml")));
const deploy = workflowSchema.parse(parse(read(".github/workflows/deploy.yml")));
const jobs = Object.entries(deploy.jobs);

const needsOf = (job: Job) => (job.needs === undefined ? [] : [job.needs].flat());

/** Every job `id` waits for, directly or through the jobs it needs. */
function ancestorsOf(id: string, seen = new Set<string>()): Set<string> {
  for (const parent of needsOf(deploy.jobs[id]!)) {
    if (seen.has(parent)) continue;
    seen.add(parent);
    ancestorsOf(parent, seen);
  }
  return seen;
}

/** Ids of the jobs with a step whose `uses` or `run` matches. */
const jobsWith = (pattern: RegExp) =>
  jobs
    .filter(([, job]) => job.steps.some((step) => pattern.test(`${step.uses ?? ""}\n${step.run ?? ""}`)))
    .map(([id]) => id);

/** The Vercel CLI (also called `vc`) or a Vercel action. */
const vercel = /vercel|\bvc\b/i;

const pushGuard = [
  "github.event.workflow_run.conclusion == 'success'",
  "github.event.workflow_run.event == 'push'",
  "github.event.workflow_run.head_repository.full_name == github.repository",
];
const isGuarded = (job: Job) => {
  const condition = (job.if ?? "").replace(/\s+/g, " ");
  return !condition.includes("||") && pushGuard.every((clause) => condition.includes(clause));
};

describe("vercel.json", () => {
  it("keeps Vercel's Git integration from deploying main: production comes from the deploy workflow", () => {
    const { git } = z
      .object({ git: z.object({ deploymentEnabled: z.union([z.boolean(), z.record(z.string(), z.boolean())]) }) })
      .parse(JSON.parse(read("vercel.json")));
    const rules = git.deploymentEnabled;
    // Any true rule whose glob matches main deploys it anyway: at least one true rule wins.
    const deploysMain = typeof rules === "boolean" ? rules : rules.main !== false || Object.values(rules).includes(true);
    expect(deploysMain).toBe(false);
  });
});

describe("the deploy workflow", () => {
  it("runs only when CI completes on main, the branch CI tests on push", () => {
    expect(deploy.on).toEqual({ workflow_run: { workflows: [ci.name], types: ["completed"], branches: ["main"] } });
    expect(ci.on).toMatchObject({ push: { branches: ["main"] } });
  });

  it("goes on only after a successful CI run of a push to this repository, in every job", () => {
    for (const [id, job] of jobs) {
      expect(job.if ?? "", `${id}: a status function would run it after a skipped or failed job`).not.toMatch(
        /\b(always|cancelled|failure)\(\)/,
      );
      const guarded = isGuarded(job) || [...ancestorsOf(id)].some((parent) => isGuarded(deploy.jobs[parent]!));
      expect(guarded, `${id} is not behind the push-to-main guard`).toBe(true);
    }
  });

  it("deploys the commit CI tested", () => {
    const checkouts = jobs.flatMap(([, job]) => job.steps.filter((step) => step.uses?.startsWith("actions/checkout@")));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const step of checkouts) expect(step.with?.ref).toBe("${{ github.event.workflow_run.head_sha }}");
  });

  it("never runs two deploys at once, nor cancels one halfway through its migrations", () => {
    expect(deploy.concurrency).toEqual({ group: expect.any(String), "cancel-in-progress": false });
  });

  it("pins the Supabase CLI to one exact version, everywhere it is used", () => {
    const versions = new Set<unknown>();
    expect(jobsWith(/\bsupabase@/), "the CLI comes from supabase/setup-cli, not npx").toEqual([]);
    for (const id of jobsWith(/\bsupabase [a-z]/)) {
      const setups = deploy.jobs[id]!.steps.filter((step) => step.uses?.startsWith("supabase/setup-cli@"));
      expect(setups, `${id} runs the Supabase CLI without installing a pinned one`).toHaveLength(1);
      versions.add(setups[0]!.with?.version);
    }
    expect(versions.size).toBe(1);
    const [version] = versions;
    expect(version).toMatch(exactVersion);
    // The operator's first push (DEPLOY.md) uses the same CLI as the workflow.
    const guideVersions = [...read("DEPLOY.md").matchAll(/npx supabase(@[\w.-]+)?/g)].map(([, pin]) => pin);
    expect(guideVersions.length).toBeGreaterThan(0);
    for (const pin of guideVersions) expect(pin).toBe(`@${version}`);
  });

  it("ships the worker and the app only after `supabase db push`", () => {
    const migrations = jobsWith(/\bsupabase db push\b/);
    const worker = jobsWith(/\bsupabase functions deploy\b/);
    // Every use of Vercel (CLI or action) sits in one job, so no other job can reach production.
    const app = jobsWith(vercel);
    expect(migrations).toHaveLength(1);
    expect(worker).toHaveLength(1);
    expect(app).toHaveLength(1);
    expect([...ancestorsOf(worker[0]!)]).toContain(migrations[0]);
    expect([...ancestorsOf(app[0]!)]).toEqual(expect.arrayContaining([migrations[0], worker[0]]));
  });

  it("deploys to Vercel production what it built, with a pinned Vercel CLI", () => {
    const [app] = jobsWith(vercel);
    const runs = deploy.jobs[app!]!.steps.map((step) => step.run ?? "");
    const at = (command: RegExp) => runs.findIndex((run) => command.test(run));
    const order = {
      install: at(/\bvercel@\S+/),
      pull: at(/\bvercel(@\S+)? pull\b(?=.*--yes\b)(?=.*--environment=production\b)/),
      build: at(/\bvercel(@\S+)? build\b.*--prod\b/),
      deploy: at(/\bvercel(@\S+)? deploy\b(?=.*--prebuilt\b)(?=.*--prod\b)/),
    };
    const indexes = Object.values(order);
    expect(indexes.every((index, i) => index > (indexes[i - 1] ?? -1)), JSON.stringify(order)).toBe(true);
    for (const [, version] of runs.flatMap((run) => [...run.matchAll(/\bvercel@(\S+)/g)])) expect(version).toMatch(exactVersion);
  });
});
