/**
 * Runs the edge functions' Deno tests against what a Supabase project gives them, on this machine:
 * a Postgres speaking the wire protocol (PGlite behind pglite-socket, with the auth shim and the
 * project's migrations) and the fake OpenAI API. A small control endpoint lets the Deno side set
 * the fake's behaviour and read what it was asked. Exits with deno's code.
 *
 *   npx tsx --conditions=react-server scripts/test-functions.ts [extra deno test args]
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { migrate } from "@/lib/db/migrate.mjs";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/fakes/openai";

const root = process.cwd();

/** POST /behavior merges into the fake's behaviour (`embeddingFailures: null` means always); GET /embedding-requests lists what it was asked; POST /reset clears that. */
function startControl(fake: FakeOpenAI) {
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "POST" && req.url === "/behavior") {
      const update = JSON.parse(raw || "{}") as Record<string, unknown>;
      if (update.embeddingFailures === null) update.embeddingFailures = Infinity;
      Object.assign(fake.behavior, update);
      return reply(200, { ok: true });
    }
    if (req.method === "GET" && req.url === "/embedding-requests") return reply(200, fake.embeddingRequests);
    if (req.method === "POST" && req.url === "/reset") {
      fake.embeddingRequests.length = 0;
      for (const key of Object.keys(fake.behavior)) delete fake.behavior[key as keyof typeof fake.behavior];
      return reply(200, { ok: true });
    }
    reply(404, { error: "unknown control path" });
  });
  return new Promise<http.Server>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const pg = await PGlite.create({ extensions: { vector } });
await migrate(pg);
const socket = new PGLiteSocketServer({ db: pg, port: 0, host: "127.0.0.1", maxConnections: 20 });
await socket.start();
const fake = await startFakeOpenAI();
const control = await startControl(fake);

const deno = spawn(
  path.join(root, "node_modules", ".bin", "deno"),
  ["test", "--allow-net", "--allow-env", "--allow-read", "--config", "supabase/functions/deno.json", ...process.argv.slice(2), "supabase/functions"],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      DENO_NO_UPDATE_CHECK: "1",
      DATABASE_URL: `postgresql://postgres:postgres@${socket.getServerConn()}/postgres`,
      OPENAI_BASE_URL: fake.baseURL,
      FAKE_OPENAI_CONTROL_URL: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    },
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => deno.kill(signal));
const code = await new Promise<number>((resolve) => deno.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));

control.closeAllConnections();
control.close();
await fake.close();
await socket.stop();
await pg.close();
process.exit(code);
