import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

const defaults = { theme: "system", defaultModel: "offline", systemPrompt: "", memoryEnabled: true, temperature: 1 };

async function settingsRow(userId: string) {
  const pg = await database();
  const result = await pg.query<Record<string, unknown>>(
    "select theme, default_model, system_prompt, memory_enabled, temperature from user_settings where user_id = $1",
    [userId],
  );
  return result.rows[0] ?? null;
}

const patch = (person: Person, body: unknown) => app.client.call("/api/settings", { method: "PATCH", as: person, body });

describe("settings", () => {
  it("a new person reads the defaults, and nothing is stored until they save", async () => {
    const carol = await app.client.signUp("Carol");
    const response = await app.client.call("/api/settings", { as: carol });
    expect(response.status).toBe(200);
    expect(response.json).toEqual(defaults);
    expect(response.headers.get("set-cookie")).toMatch(/^theme=system; Path=\/; SameSite=Lax; Max-Age=\d+$/);
    expect(await settingsRow(carol.id)).toBeNull();
  });

  it("Alice saves a subset, gets the full settings back, and reads them again from another client", async () => {
    const saved = await patch(alice, { theme: "dark", systemPrompt: "  Answer in French.  ", temperature: 0.35 });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ ...defaults, theme: "dark", systemPrompt: "Answer in French.", temperature: 0.35 });
    expect(saved.headers.get("set-cookie")).toMatch(/^theme=dark;/);

    const more = await patch(alice, { memoryEnabled: false, defaultModel: "offline" });
    expect(more.json).toEqual({ ...saved.json, memoryEnabled: false });

    const read = await app.client.call("/api/settings", { as: alice, via: "bearer" });
    expect(read.json).toEqual(more.json);
    expect(await settingsRow(alice.id)).toEqual({
      theme: "dark",
      default_model: "offline",
      system_prompt: "Answer in French.",
      memory_enabled: false,
      temperature: 0.35,
    });
  });

  it("an empty PATCH changes nothing and answers the settings", async () => {
    const before = await app.client.call("/api/settings", { as: alice });
    const response = await app.client.call("/api/settings", { method: "PATCH", as: alice });
    expect(response.status).toBe(200);
    expect(response.json).toEqual(before.json);
  });

  it.each([
    ["an unknown field", { theme: "light", fontSize: 14 }],
    ["a theme that does not exist", { theme: "sepia" }],
    ["a temperature below 0", { temperature: -0.1 }],
    ["a temperature above 2", { temperature: 2.01 }],
    ["a temperature that is a string", { temperature: "1" }],
    ["custom instructions over 4000 characters", { systemPrompt: "x".repeat(4001) }],
    ["custom instructions with a NUL character", { systemPrompt: "Be brief.\u0000" }],
    ["memory that is not a boolean", { memoryEnabled: "no" }],
    ["a model the server does not offer", { defaultModel: "gpt-9" }],
    ["an empty model", { defaultModel: " " }],
    ["a valid field beside an invalid one", { theme: "light", temperature: 5 }],
  ])("a PATCH with %s is 400 and changes nothing", async (_case, body) => {
    const before = await settingsRow(alice.id);
    expectError(await patch(alice, body), 400, "invalid_input");
    expect(await settingsRow(alice.id)).toEqual(before);
  });

  it("malformed JSON, a body that is not an object and a non-JSON content type are refused", async () => {
    const before = await settingsRow(alice.id);
    expectError(await app.client.call("/api/settings", { method: "PATCH", as: alice, rawBody: "{", headers: { "content-type": "application/json" } }), 400, "invalid_input");
    expectError(await patch(alice, ["theme", "light"]), 400, "invalid_input");
    expectError(await app.client.call("/api/settings", { method: "PATCH", as: alice, rawBody: "theme=light", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type");
    expect(await settingsRow(alice.id)).toEqual(before);
  });

  it("4000 characters of instructions and the edges of the temperature range are accepted", async () => {
    const response = await patch(alice, { systemPrompt: "y".repeat(4000), temperature: 2 });
    expect(response.status).toBe(200);
    expect(response.json.systemPrompt).toHaveLength(4000);
    expect((await patch(alice, { temperature: 0 })).json.temperature).toBe(0);
  });
});

describe("Bob and Alice's settings", () => {
  it("Bob reads and writes only his own: Alice's row is untouched", async () => {
    await patch(alice, { theme: "dark", systemPrompt: "Alice's instructions" });
    const before = await settingsRow(alice.id);

    const bobs = await app.client.call("/api/settings", { as: bob });
    expect(bobs.json.systemPrompt).toBe("");
    expect((await patch(bob, { theme: "light", systemPrompt: "Bob's" })).status).toBe(200);

    expect(await settingsRow(alice.id)).toEqual(before);
    expect((await settingsRow(bob.id))?.system_prompt).toBe("Bob's");
  });

  it("there is no field to name another user: a userId in the body is 400", async () => {
    const before = await settingsRow(alice.id);
    expectError(await patch(bob, { userId: alice.id, theme: "light" }), 400, "invalid_input");
    expect(await settingsRow(alice.id)).toEqual(before);
  });

  it("without an identity both methods are 401; a cookie PATCH from another origin is 403", async () => {
    expectError(await app.client.call("/api/settings"), 401, "unauthorized");
    expectError(await app.client.call("/api/settings", { method: "PATCH", body: { theme: "light" } }), 401, "unauthorized");
    const before = await settingsRow(alice.id);
    const crossSite = await app.client.call("/api/settings", {
      method: "PATCH",
      as: alice,
      body: { theme: "light" },
      headers: { origin: "https://evil.example" },
    });
    expectError(crossSite, 403, "forbidden");
    expect(await settingsRow(alice.id)).toEqual(before);
  });

  it("other methods are 405", async () => {
    const response = await app.client.call("/api/settings", { method: "POST", as: alice, body: {} });
    expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("GET, PATCH");
  });
});
