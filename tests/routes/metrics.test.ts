import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Person } from "../support/client";
import { expectError } from "../support/client";
import { eventually, sendChat } from "../support/chat";
import { setUpAppServer } from "../support/route-suite";

const metricsToken = "metrics-token-for-tests-0123456789";
const app = setUpAppServer({ METRICS_TOKEN: metricsToken });
let alice: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
});

async function scrape(): Promise<string> {
  const response = await app.client.call("/api/metrics", { headers: { authorization: `Bearer ${metricsToken}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text;
}

/** Every series line (`name{labels} value`), without comments. */
const seriesOf = (text: string) => text.split("\n").filter((line) => line && !line.startsWith("#"));
/** The sample names a scrape can hold: those present, and those of declared metrics not yet incremented. */
function servedNames(text: string): Set<string> {
  const names = new Set(seriesOf(text).map((line) => line.split(/[{ ]/)[0]!));
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${name}${suffix}`);
  }
  return names;
}

function valueOf(text: string, name: string, labels: Record<string, string>): number {
  const line = seriesOf(text).find(
    (series) => series.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => series.includes(`${key}="${value}"`)),
  );
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("GET /api/metrics", () => {
  it("needs the METRICS_TOKEN bearer when one is set", async () => {
    expectError(await app.client.call("/api/metrics"), 401, "unauthorized");
    expectError(await app.client.call("/api/metrics", { headers: { authorization: "Bearer wrong-token" } }), 401, "unauthorized");
    expectError(await app.client.call("/api/metrics", { as: alice, via: "bearer" }), 401, "unauthorized");
  });

  it("speaks the Prometheus text format with the request, chat, model and process metrics", async () => {
    await app.client.call("/api/chats", { as: alice });
    const text = await scrape();
    expect(text).toContain("# TYPE http_requests_total counter");
    expect(text).toContain("# TYPE http_request_duration_seconds histogram");
    for (const type of ["chat_messages_total", "llm_tokens_total", "llm_requests_total", "embeddings_generated_total"]) {
      expect(text).toContain(`# TYPE ${type} counter`);
    }
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(valueOf(text, "http_requests_total", { route: "/api/chats", method: "GET", status: "2xx" })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.1",route="\/api\/chats",method="GET",status="2xx"\} \d/m);
  });

  it("counts a chat turn, its model request and tokens, and the embeddings of its messages", async () => {
    const before = await scrape();
    await sendChat(app.client, alice, { message: "Count me in the metrics" });
    const after = await eventually(scrape, (text) => valueOf(text, "embeddings_generated_total", { model: "offline-hash" }) >= 2);
    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta("chat_messages_total", { model: "offline" })).toBe(1);
    expect(delta("llm_requests_total", { model: "offline", status: "complete" })).toBe(1);
    expect(delta("llm_tokens_total", { model: "offline", type: "input" })).toBeGreaterThan(0);
    expect(delta("llm_tokens_total", { model: "offline", type: "output" })).toBeGreaterThan(0);
    expect(delta("http_requests_total", { route: "/api/chat", method: "POST", status: "2xx" })).toBe(1);
    expect(valueOf(after, "embeddings_generated_total", { model: "offline-hash" })).toBeGreaterThanOrEqual(2);
  });

  it("200 callers on random paths, ids and tokens add no series beyond the route templates", async () => {
    await app.client.call("/api/no-such-route");
    await app.client.call(`/api/chats/${crypto.randomUUID()}`, { as: alice });
    await scrape();
    const before = seriesOf(await scrape()).filter((line) => line.startsWith("http_")).length;
    const marks: string[] = [];
    for (let index = 0; index < 200; index++) {
      const mark = `r${crypto.randomUUID().replaceAll("-", "")}`;
      marks.push(mark);
      const pathname = index % 2 ? `/api/${mark}/x?q=${mark}` : `/api/chats/${crypto.randomUUID()}?q=${mark}`;
      await app.client.call(pathname, { headers: { authorization: `Bearer ${mark}` } });
    }
    const text = await scrape();
    expect(seriesOf(text).filter((line) => line.startsWith("http_")).length).toBe(before);
    expect(marks.filter((mark) => text.includes(mark))).toEqual([]);
    expect(valueOf(text, "http_requests_total", { route: "/api/[...path]", method: "GET", status: "4xx" })).toBeGreaterThanOrEqual(101);
    expect(valueOf(text, "http_requests_total", { route: "/api/chats/[id]", method: "GET", status: "4xx" })).toBeGreaterThanOrEqual(101);
  });
});

describe("monitoring/ (Prometheus scrape config, alerting rules, Grafana dashboard)", () => {
  const root = path.resolve(import.meta.dirname, "../../monitoring");
  /** Metric names in PromQL: an identifier directly followed by a label matcher or a range. */
  const metricsIn = (expression: string) => [...expression.matchAll(/([a-zA-Z_:][\w:]*)\s*[{[]/g)].map((match) => match[1]!);

  function dashboardExpressions(node: unknown): string[] {
    if (Array.isArray(node)) return node.flatMap(dashboardExpressions);
    if (!node || typeof node !== "object") return [];
    return Object.entries(node).flatMap(([key, value]) => (key === "expr" && typeof value === "string" ? [value] : dashboardExpressions(value)));
  }

  it("names only metrics that /api/metrics serves", async () => {
    const rules = readFileSync(path.join(root, "alerts.yml"), "utf8");
    const ruleExpressions = [...rules.matchAll(/^\s*expr:\s*(.+)$/gm)].map((match) => match[1]!);
    const dashboard = JSON.parse(readFileSync(path.join(root, "grafana-dashboard.json"), "utf8")) as unknown;
    const expressions = [...ruleExpressions, ...dashboardExpressions(dashboard)];
    expect(ruleExpressions.length).toBeGreaterThanOrEqual(4);
    expect(expressions.length).toBeGreaterThanOrEqual(12);

    const named = new Set(expressions.flatMap(metricsIn));
    const served = servedNames(await scrape());
    expect([...named].filter((name) => !served.has(name))).toEqual([]);
    for (const name of ["http_requests_total", "http_request_duration_seconds_bucket", "llm_requests_total", "llm_tokens_total"]) {
      expect(named).toContain(name);
    }
  });

  it("the scrape config targets /api/metrics with the bearer token and loads the rules", () => {
    const config = readFileSync(path.join(root, "prometheus.yml"), "utf8");
    expect(config).toMatch(/metrics_path:\s*\/api\/metrics/);
    expect(config).toMatch(/credentials_file:/);
    expect(config).toMatch(/alerts\.yml/);
  });
});
