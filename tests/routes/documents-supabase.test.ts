import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { makePdf } from "../support/document-fixtures";
import { uploadFile, waitForIndexing } from "../support/documents";
import { setUpAppServer } from "../support/route-suite";
import { startSupabaseStack } from "../support/supabase-stack";

// The Supabase mode keeps each document's file in the private `documents` bucket of Supabase
// Storage (the fake Storage, which reads and writes storage.objects as its caller, as Storage does),
// indexes it in the function that took the upload once it has answered, and serves it back to its
// owner alone. No Storage policy lets a signed-in person at the bucket with their own token.
let stack: Awaited<ReturnType<typeof startSupabaseStack>>;
beforeAll(async () => {
  stack = await startSupabaseStack();
});
afterAll(() => stack.close());

const cronSecret = "cron-secret-cron-secret-0123456789";
const app = setUpAppServer(() => ({ ...stack.env, SUPABASE_SECRET_KEY: stack.gotrue.secretKey, CRON_SECRET: cronSecret }));

const objectNames = async (prefix: string) =>
  (await stack.pg.query<{ name: string }>("select name from storage.objects where bucket_id = 'documents' and name like $1 || '%' order by name", [prefix])).rows.map((row) => row.name);

/** A call to Storage's own API, with the project's publishable key and the person's access token: what anyone signed in can send. */
const asPerson = (person: Person, path: string, init: RequestInit = {}) =>
  fetch(`${stack.env.NEXT_PUBLIC_SUPABASE_URL}/storage/v1${path}`, {
    ...init,
    headers: { apikey: stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, authorization: `Bearer ${person.accessToken}`, "content-type": "application/json", ...init.headers },
  });

let alice: Person;
let bob: Person;
let pdf: Buffer;
let documentId: string;
beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  pdf = makePdf(["The lighthouse keeper logs the fog horn at dusk.", "Page two: the lamp is trimmed at dawn."]);
});

describe("documents in Supabase Storage", () => {
  it("stores the upload as one object at <user id>/<document id> in the documents bucket, and indexes it after answering", async () => {
    const uploaded = await uploadFile(app.baseUrl, alice, { bytes: pdf, name: "lighthouse.pdf", type: "application/pdf" });
    expect(uploaded.status, uploaded.text).toBe(201);
    documentId = uploaded.json.document.id;
    expect(await objectNames(alice.id)).toEqual([`${alice.id}/${documentId}`]);
    expect(stack.storage.bytesOf("documents", `${alice.id}/${documentId}`)?.equals(pdf)).toBe(true);

    const indexed = await waitForIndexing(app.client.call, alice, documentId);
    expect(indexed).toMatchObject({ status: "ready", pages: 2, progress: 1 });
    const found = await app.client.call("/api/memory/search", { method: "POST", as: alice, body: { query: "lighthouse fog horn", sources: ["document"] } });
    expect(found.json.results[0]).toMatchObject({ source: "document", documentId, page: 1 });
  });

  it("serves the file back to Alice through the app, and to nobody else: Bob gets 404, as for a document that does not exist", async () => {
    const own = await fetch(`${app.baseUrl}/api/documents/${documentId}/file`, { headers: { cookie: alice.cookie } });
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(pdf)).toBe(true);
    expect(own.headers.get("content-disposition")).toMatch(/^attachment/);
    expectError(await app.client.call(`/api/documents/${documentId}/file`, { as: bob }), 404, "not_found");
  });

  it("lets no signed-in person at the bucket through Storage's API: not Alice at her own object, not Bob at it by its path", async () => {
    const storagePath = `${alice.id}/${documentId}`;
    for (const person of [alice, bob]) {
      const download = await asPerson(person, `/object/documents/${storagePath}`);
      expect(download.status, `${person.name} reads it`).toBe(404);
      const listed = await asPerson(person, "/object/list/documents", { method: "POST", body: JSON.stringify({ prefix: alice.id }) });
      expect(await listed.json(), `${person.name} lists it`).toEqual([]);
      const removed = await asPerson(person, "/object/documents", { method: "DELETE", body: JSON.stringify({ prefixes: [storagePath] }) });
      expect(await removed.json(), `${person.name} removes it`).toEqual([]);
      const written = await asPerson(person, `/object/documents/${person.id}/planted`, { method: "POST", body: "not a document", headers: { "content-type": "text/plain" } });
      expect(written.status, `${person.name} writes one`).toBeGreaterThanOrEqual(400);
    }
    expect(await objectNames("")).toEqual([storagePath]);
  });

  it("deleting the document removes its object; deleting the account removes every object of the person's", async () => {
    expect((await app.client.call(`/api/documents/${documentId}`, { method: "DELETE", as: alice })).status).toBe(204);
    expect(await objectNames(alice.id)).toEqual([]);

    for (const name of ["one.md", "two.md"]) {
      const uploaded = await uploadFile(app.baseUrl, bob, { bytes: Buffer.from(`# ${name}\n\nBob's notes on the tide.`), name });
      expect(uploaded.status, uploaded.text).toBe(201);
    }
    expect(await objectNames(bob.id)).toHaveLength(2);
    expect((await app.client.call("/api/account", { method: "DELETE", as: bob })).status).toBe(204);
    expect(await objectNames(bob.id)).toEqual([]);
  });

  it("maintenance removes an object no document names, once it is older than a write in progress could be", async () => {
    const stray = `${alice.id}/00000000-0000-4000-8000-000000000001`;
    const written = await fetch(`${stack.env.NEXT_PUBLIC_SUPABASE_URL}/storage/v1/object/documents/${stray}`, {
      method: "POST",
      headers: { apikey: stack.gotrue.secretKey, authorization: `Bearer ${stack.gotrue.secretKey}`, "content-type": "application/octet-stream" },
      body: "left behind",
    });
    expect(written.status).toBe(200);
    const sweep = () => app.client.call("/api/cron/maintenance", { headers: { authorization: `Bearer ${cronSecret}` } });
    expect((await sweep()).json.documentFiles).toEqual({ pruned: 0 });
    expect(await objectNames(stray)).toEqual([stray]);
    await stack.pg.query("update storage.objects set created_at = now() - interval '1 hour' where name = $1", [stray]);
    expect((await sweep()).json.documentFiles).toEqual({ pruned: 1 });
    expect(await objectNames(stray)).toEqual([]);
  });

  it("GET /api/cron/documents indexes what is queued, for the scheduler only", async () => {
    expectError(await app.client.call("/api/cron/documents"), 401, "unauthorized");
    const answer = await app.client.call("/api/cron/documents", { headers: { authorization: `Bearer ${cronSecret}` } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ indexed: expect.any(Number), failed: 0 });
  });
});
