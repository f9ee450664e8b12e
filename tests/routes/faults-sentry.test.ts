import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/next-start";
import { createClient, expectError, type Person } from "../support/client";
import { createFaultTable, timed } from "../support/fault-table";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai";
import { fakeSentryKey } from "../fakes/sentry";

// Sentry's ingest is down (connection refused) or slow (accepts, reads, never answers). Error
// reports must not slow or fail the requests that make them, and the server must still stop at
// once. A real `next start` process (the production build), so its shutdown is the real one.
const root = path.resolve(import.meta.dirname, "../..");
const requestBoundMs = 1500;

/** An ingest address that refuses connections until `hang()`; then it accepts, reads and never answers. */
function createBlackHoleIngest(port: number) {
  const sockets = new Set<net.Socket>();
  let received = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk) => (received += chunk.length));
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  });
  return {
    dsn: `http://${fakeSentryKey}@127.0.0.1:${port}/1`,
    hang: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    /** Bytes the app sent here: proof that it really tried to report. */
    received: () => received,
    openConnections: () => sockets.size,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

let ingest: ReturnType<typeof createBlackHoleIngest>;
let openai: FakeOpenAI;
let app: ChildProcess;
let client: ReturnType<typeof createClient>;
let serverUrl: string;

beforeAll(async () => {
  ingest = createBlackHoleIngest(await freePort());
  // The honest unexpected error, as in sentry.test.ts: embeddings of 768 dimensions where Mneme
  // stores 1536, which Postgres refuses: memory search answers 500 and reports it.
  openai = await startFakeOpenAI({ embeddingDimensions: 768 });
  const port = await freePort();
  // Node itself, not through npx, so the process that exits below is the server.
  app = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "1",
      LOG_LEVEL: "silent",
      SENTRY_DSN: ingest.dsn,
      SENTRY_TRACES_SAMPLE_RATE: "1",
      OPENAI_API_KEY: "sk-fake-key-for-tests",
      OPENAI_BASE_URL: openai.baseURL,
      EMBEDDINGS_MODEL: "text-embedding-3-small",
      RATE_LIMIT_API_PER_MINUTE: "100000",
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt++) {
    if (await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  client = createClient(baseUrl);
  serverUrl = baseUrl;
}, 120_000);

afterAll(async () => {
  if (app?.exitCode === null && app.signalCode === null) app.kill("SIGKILL");
  await ingest?.close();
  await openai?.close();
});

const figures = createFaultTable("Sentry ingest faults (next start, local mode)");
afterAll(() => figures.print());

let alice: Person;

const envelope = (dsn: string) =>
  [JSON.stringify({ dsn, sent_at: new Date().toISOString() }), JSON.stringify({ type: "event" }), JSON.stringify({ message: "from a browser" })].join("\n");

/** A normal route, and a route error that is reported to Sentry: each answers as usual, in time. */
async function expectRequestsUnaffected(fault: string) {
  for (let round = 0; round < 5; round++) {
    const report = await timed(() => client.call("/api/memory/search", { method: "POST", as: alice, body: { query: "what did I say?" } }));
    expectError(report.value, 500, "internal");
    figures.record(`${fault}: a reported 500`, report.ms);
    expect(report.ms).toBeLessThan(requestBoundMs);
    const list = await timed(() => client.call("/api/chats", { as: alice }));
    expect(list.value.status).toBe(200);
    figures.record(`${fault}: GET /api/chats`, list.ms);
    expect(list.ms).toBeLessThan(requestBoundMs);
  }
}

describe("Sentry's ingest is down or slow", () => {
  beforeAll(async () => {
    alice = await client.signUp("Alice");
  });

  it("refuses connections: reported errors and normal requests answer as usual; the browser tunnel answers 503 at once", async () => {
    await expectRequestsUnaffected("ingest down (refused)");
    const tunnel = await timed(() => client.call("/monitoring", { method: "POST", rawBody: envelope(ingest.dsn), headers: { "content-type": "text/plain;charset=UTF-8" } }));
    expect(tunnel.value.status).toBe(503);
    figures.record("ingest down (refused): POST /monitoring", tunnel.ms);
    expect(tunnel.ms).toBeLessThan(requestBoundMs);
  });

  it("accepts and never answers: reported errors and normal requests answer as usual; the tunnel gives up within its 5 s", async () => {
    await ingest.hang();
    await expectRequestsUnaffected("ingest hangs");
    expect(ingest.received()).toBeGreaterThan(0);
    const tunnel = await timed(() => client.call("/monitoring", { method: "POST", rawBody: envelope(ingest.dsn), headers: { "content-type": "text/plain;charset=UTF-8" } }));
    expect(tunnel.value.status).toBe(503);
    figures.record("ingest hangs: POST /monitoring", tunnel.ms);
    expect(tunnel.ms).toBeLessThan(5000 + requestBoundMs);
  });

  it("the server stops at once on SIGTERM while its reports still hang at the ingest", async () => {
    expect(ingest.openConnections()).toBeGreaterThan(0);
    const exited = new Promise<void>((resolve) => app.once("exit", () => resolve()));
    const { ms } = await timed(async () => {
      app.kill("SIGTERM");
      await exited;
    });
    figures.record("ingest hangs: shutdown on SIGTERM", ms);
    expect(ms).toBeLessThan(3000);
    expect(await fetch(`${serverUrl}/api/health`).then(() => "answered", () => "gone")).toBe("gone");
  });
});
