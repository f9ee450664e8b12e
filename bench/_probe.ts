// TEMPORARY probe: where does the time before the first token go?
import http from "node:http";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { startFakeOpenAI } from "../tests/fakes/openai";

const root = path.resolve(import.meta.dirname, "..");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const fake = await startFakeOpenAI({ tokens: ["a", "b", "c", "d", "e"], tokenDelayMs: 20 });
let arrivals: number[] = [];
const origPush = fake.requests.push.bind(fake.requests);
fake.requests.push = (...r) => { arrivals.push(performance.now()); return origPush(...r); };
const dataDir = mkdtempSync(path.join(os.tmpdir(), "mneme-probe-"));
const port = 40000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: root, stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "1", PGLITE_DATA_DIR: process.env.PROBE_DIR ?? path.join(dataDir, "pglite"), OPENAI_API_KEY: "sk", OPENAI_BASE_URL: fake.baseURL, LOG_LEVEL: "silent", AUTH_SECRET: randomBytes(32).toString("hex"), NODE_OPTIONS: process.env.PROBE_NODE_OPTIONS ?? "" },
});
try {
  for (;;) { const s = await fetch(`${base}/api/health`).then((r) => r.status, () => 0); if (s === 200) break; await new Promise((r) => setTimeout(r, 50)); }
  const toks: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${base}/api/auth/signup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: `p${i}${randomBytes(3).toString("hex")}@example.com`, password: "password123" }) });
    toks.push(((await r.json()) as { accessToken: string }).accessToken);
  }
  const one = (tok: string, body: unknown) => new Promise<{ head: number; meta?: number; up?: number; delta?: number; end: number; status: number }>((resolve, reject) => {
    const payload = JSON.stringify(body); const t0 = performance.now(); const before = arrivals.length;
    const out: { head: number; meta?: number; up?: number; delta?: number; end: number; status: number } = { head: 0, end: 0, status: 0 };
    const myArrival = () => { /* nearest arrival after t0 */ const a = arrivals.slice(before).find((x) => x >= t0); return a === undefined ? undefined : a - t0; };
    const req = http.request(`${base}/api/chat`, { method: "POST", agent, headers: { authorization: `Bearer ${tok}`, "content-type": "application/json", "content-length": Buffer.byteLength(payload) } }, (res) => {
      out.head = performance.now() - t0; out.status = res.statusCode!; let buf = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => { buf += c; const now = performance.now() - t0;
        if (out.meta === undefined && buf.includes("event: meta")) out.meta = now;
        if (out.delta === undefined && buf.includes("event: delta")) { out.delta = now; out.up = myArrival(); } });
      res.on("end", () => { out.end = performance.now() - t0; resolve(out); });
    });
    req.on("error", reject); req.end(payload);
  });
  const med = (xs: number[]) => { const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b); return `p50 ${s[Math.floor(s.length / 2)]!.toFixed(1)} p99 ${s[Math.ceil(s.length * 0.99) - 1]!.toFixed(1)}`; };
  for (let i = 0; i < 30; i++) { await one(toks[0]!, { message: "hi" }); await one(toks[0]!, {}); }
  const bad: number[] = []; const rows: Awaited<ReturnType<typeof one>>[] = [];
  for (let i = 0; i < 100; i++) { bad.push((await one(toks[0]!, {})).end); rows.push(await one(toks[0]!, { message: "hi there" })); }
  console.log("SEQ auth+validate 400:", med(bad));
  console.log("SEQ headers:", med(rows.map((r) => r.head)), "| meta:", med(rows.map((r) => r.meta!)), "| upstream req arrives:", med(rows.map((r) => r.up!)), "| first delta:", med(rows.map((r) => r.delta!)), "| end:", med(rows.map((r) => r.end)));
  const crow: Awaited<ReturnType<typeof one>>[] = [];
  await Promise.all(toks.map(async (t) => { for (let i = 0; i < 10; i++) crow.push(await one(t, { message: "hi there" })); }));
  console.log("C20 headers:", med(crow.map((r) => r.head)), "| meta:", med(crow.map((r) => r.meta!)), "| delta:", med(crow.map((r) => r.delta!)), "| end:", med(crow.map((r) => r.end)));
} finally {
  child.kill("SIGTERM"); await new Promise((r) => child.once("exit", r)); agent.destroy(); await fake.close(); rmSync(dataDir, { recursive: true, force: true });
}
