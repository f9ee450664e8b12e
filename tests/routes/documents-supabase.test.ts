import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { makePdf, pngBytes } from "../support/document-fixtures";
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

describe("signed uploads to Storage, for files larger than a request body", () => {
  let carol: Person;
  beforeAll(async () => {
    carol = await app.client.signUp("Carol");
  });
  const start = (body: Record<string, unknown>) => app.client.call("/api/documents/uploads", { method: "POST", as: carol, body });
  const send = (upload: { url: string; method: string; headers: Record<string, string> }, bytes: Uint8Array, url = upload.url) =>
    fetch(url, { method: upload.method, headers: upload.headers, body: new Uint8Array(bytes) });
  const largePdf = makePdf(["Harbour dues are paid at the pier office.", "Page two: the office closes at noon."], { padBytes: 6 * 1024 * 1024 });

  it("hands out Storage's own signed URL for <user id>/<document id>; the bytes sent there are checked and indexed", async () => {
    const started = await start({ name: "harbour.pdf", bytes: largePdf.byteLength, mimeType: "application/pdf" });
    expect(started.status, started.text).toBe(201);
    const { document, upload } = started.json;
    expect(upload.url.startsWith(`${stack.env.NEXT_PUBLIC_SUPABASE_URL}/storage/v1/object/upload/sign/documents/${carol.id}/${document.id}?token=`)).toBe(true);
    expect(upload.headers).toMatchObject({ apikey: stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, "x-upsert": "false" });

    const sent = await send(upload, largePdf);
    expect(sent.status, await sent.text()).toBe(200);
    // The token names one object: not another path, and that one only once.
    const elsewhere = upload.url.replace(`/${document.id}?`, "/00000000-0000-4000-8000-000000000002?");
    expect((await send(upload, Buffer.from("planted"), elsewhere)).status).toBeGreaterThanOrEqual(400);
    expect((await send(upload, largePdf)).status).toBe(409);

    const checked = await app.client.call(`/api/documents/${document.id}/uploaded`, { method: "POST", as: carol });
    expect(checked.status, checked.text).toBe(200);
    expect(checked.json.document).toMatchObject({ mimeType: "application/pdf", pages: 2 });
    expect(stack.storage.bytesOf("documents", `${carol.id}/${document.id}`)?.equals(largePdf)).toBe(true);
    expect(await waitForIndexing(app.client.call, carol, document.id)).toMatchObject({ status: "ready" });
    expect(await objectNames(carol.id)).toEqual([`${carol.id}/${document.id}`]);
  });

  it("a file that fails the check goes with its document and its object", async () => {
    const started = await start({ name: "photo.pdf", bytes: pngBytes.byteLength, mimeType: "application/pdf" });
    const { document, upload } = started.json;
    expect((await send(upload, pngBytes)).status).toBe(200);
    expectError(await app.client.call(`/api/documents/${document.id}/uploaded`, { method: "POST", as: carol }), 415, "unsupported_media_type");
    expect(await objectNames(`${carol.id}/${document.id}`)).toEqual([]);
    expectError(await app.client.call(`/api/documents/${document.id}`, { as: carol }), 404, "not_found");
  });

  it("the bucket refuses an object over the largest document, whatever URL it comes by", async () => {
    const limit = await stack.pg.query<{ file_size_limit: string }>("select file_size_limit from storage.buckets where id = 'documents'");
    expect(Number(limit.rows[0]!.file_size_limit)).toBe(25 * 1024 * 1024);
    const started = await start({ name: "big.txt", bytes: 25 * 1024 * 1024, mimeType: "text/plain" });
    expect((await send(started.json.upload, Buffer.alloc(25 * 1024 * 1024 + 1, 0x61))).status).toBe(413);
  });

  it("no signed-in person can sign an upload through Storage's API, and the app's own upload URL names nothing here", async () => {
    // Storage checks the caller's policies on storage.objects before it signs: there are none.
    const signed = await asPerson(carol, `/object/upload/sign/documents/${carol.id}/planted`, { method: "POST" });
    expect(signed.status).toBeGreaterThanOrEqual(400);
    expect(await signed.json()).not.toHaveProperty("url");
    const local = await fetch(`${app.baseUrl}/api/documents/uploads/00000000-0000-4000-8000-000000000003?token=x`, { method: "PUT", body: "x" });
    expect(local.status).toBe(404);
  });
});
