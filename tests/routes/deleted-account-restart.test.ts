import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClient, expectError } from "../support/client";
import { startNext, type NextProcess } from "../support/next-start";

// A real restart: `next start` stopped with SIGTERM and started again on the same data directory,
// so nothing in memory survives; only what the database kept.
const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-restart-"));
const env = { PGLITE_DATA_DIR: path.join(dataRoot, "pglite"), RATE_LIMIT_SIGNUPS_PER_HOUR: "100" };
let running: NextProcess | undefined;

afterAll(async () => {
  await running?.stop();
  fs.rmSync(dataRoot, { recursive: true, force: true });
});

describe("a deleted account across a restart (local mode)", () => {
  it("Dave deletes his account: his unexpired tokens answer 401 at once and after a restart; Erin's session lives on", async () => {
    running = await startNext(env);
    let client = createClient(running.baseUrl);
    const dave = await client.signUp("Dave");
    const erin = await client.signUp("Erin");
    const otherDevice = await client.call("/api/auth/login", { method: "POST", body: { email: dave.email, password: dave.password } });
    expect(otherDevice.status).toBe(200);
    const tokens = [dave.accessToken, otherDevice.json.accessToken as string];

    expect((await client.call("/api/account", { method: "DELETE", as: dave, via: "bearer" })).status).toBe(204);
    for (const token of tokens) {
      expectError(await client.call("/api/chats", { headers: { authorization: `Bearer ${token}` } }), 401, "unauthorized");
    }

    await running.stop();
    running = await startNext(env);
    client = createClient(running.baseUrl);

    for (const token of tokens) {
      expectError(await client.call("/api/chats", { headers: { authorization: `Bearer ${token}` } }), 401, "unauthorized");
      expect((await client.call("/api/auth/session", { headers: { cookie: `mneme-session=${token}` } })).json).toEqual({ user: null });
      expect((await client.call("/chat", { headers: { cookie: `mneme-session=${token}` } })).status).toBe(307);
    }
    expect((await client.call("/api/chats", { as: erin, via: "bearer" })).status).toBe(200);
    expect((await client.call("/api/auth/session", { as: erin })).json.user).toMatchObject({ id: erin.id });
  }, 180_000);
});
