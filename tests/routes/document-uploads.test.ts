import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { makePdf, pngBytes } from "../support/document-fixtures";
import { uploadFile, waitForIndexing } from "../support/documents";
import { database, setUpAppServer } from "../support/route-suite";

// Files larger than a request body may be go through a signed upload URL (API.md): the local
// mode's own, PUT /api/documents/uploads/:id?token=…, which only its token opens.
const documentsDir = mkdtempSync(path.join(tmpdir(), "mneme-signed-uploads-test-"));
const app = setUpAppServer({ DOCUMENTS_DIR: documentsDir });
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

const megabyte = 1024 * 1024;
/** Six megabytes of PDF, two pages of text: past what a request body takes. */
const largePdf = makePdf(["The tide tables for Oban harbour in March.", "Page two: the ferry waits for the slack tide."], { padBytes: 6 * megabyte });

const start = (person: Person, body: Record<string, unknown>) => app.client.call("/api/documents/uploads", { method: "POST", as: person, body });
const finish = (person: Person, id: string) => app.client.call(`/api/documents/${id}/uploaded`, { method: "POST", as: person });
/** A PUT to an upload URL, read as the route client reads its answers. */
async function put(url: string | URL, init: RequestInit) {
  const response = await fetch(url, { method: "PUT", ...init });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as unknown) : null };
}
const send = (upload: { url: string; method: string; headers: Record<string, string> }, bytes: Uint8Array) =>
  put(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(bytes) });

async function started(person: Person, file: { name: string; bytes: number }) {
  const response = await start(person, { ...file, mimeType: "application/pdf" });
  expect(response.status, response.text).toBe(201);
  return response.json as { document: { id: string; uploadedAt: string | null }; upload: { url: string; method: string; headers: Record<string, string> } };
}

async function holdings(person: Person) {
  const pg = await database();
  const rows = await pg.query<{ count: number }>("select count(*)::int as count from public.documents where user_id = $1", [person.id]);
  const jobs = await pg.query<{ count: number }>("select count(*)::int as count from private.jobs where kind = 'index_document' and user_id = $1", [person.id]);
  const folder = path.join(documentsDir, person.id);
  return { documents: rows.rows[0]!.count, jobs: jobs.rows[0]!.count, files: existsSync(folder) ? readdirSync(folder).length : 0 };
}

describe("a file larger than a request body, through a signed upload", () => {
  it("is refused in the body with the way to send it instead", async () => {
    const response = await uploadFile(app.baseUrl, alice, { bytes: largePdf, name: "tides.pdf" });
    expectError(response, 413, "payload_too_large");
    expect(response.json.error.message).toContain("POST /api/documents/uploads");
  });

  it("is declared, sent to the signed URL, checked, indexed, searched and served back", async () => {
    const { document, upload } = await started(alice, { name: "tides.pdf", bytes: largePdf.byteLength });
    expect(document).toMatchObject({ status: "queued", uploadedAt: null, mimeType: "application/octet-stream", bytes: largePdf.byteLength, pages: null });
    expect(upload.method).toBe("PUT");
    expect(new URL(upload.url).pathname).toBe(`/api/documents/uploads/${document.id}`);
    // Nothing indexes a document before its file is there, and there is no file to download.
    expect(await holdings(alice)).toEqual({ documents: 1, jobs: 0, files: 0 });
    expectError(await app.client.call(`/api/documents/${document.id}/file`, { as: alice }), 409, "conflict");

    const sent = await send(upload, largePdf);
    expect(sent.status, sent.text).toBe(204);
    const checked = await finish(alice, document.id);
    expect(checked.status, checked.text).toBe(200);
    expect(checked.json.document).toMatchObject({ mimeType: "application/pdf", pages: 2, bytes: largePdf.byteLength });
    expect(checked.json.document.uploadedAt).toEqual(expect.any(String));

    expect(await waitForIndexing(app.client.call, alice, document.id)).toMatchObject({ status: "ready", progress: 1 });
    const found = await app.client.call("/api/memory/search", { method: "POST", as: alice, body: { query: "Oban tide tables", sources: ["document"] } });
    expect(found.json.results[0]).toMatchObject({ documentId: document.id, page: 1 });
    const file = await fetch(`${app.baseUrl}/api/documents/${document.id}/file`, { headers: { cookie: alice.cookie } });
    expect(Buffer.from(await file.arrayBuffer()).equals(largePdf)).toBe(true);

    // Checked twice, it answers the document as it is; the URL stores nothing a second time.
    expect((await finish(alice, document.id)).status).toBe(200);
    expectError(await send(upload, largePdf), 409, "conflict");
    expect(readFileSync(path.join(documentsDir, alice.id, document.id)).equals(largePdf)).toBe(true);
  });

  it("the URL opens with its own token only: none, a forged one, or one for another document is refused", async () => {
    const first = await started(bob, { name: "a.pdf", bytes: 100 });
    const second = await started(bob, { name: "b.pdf", bytes: 100 });
    const url = new URL(first.upload.url);
    const withToken = (token: string | null) => {
      const target = new URL(url);
      if (token === null) target.searchParams.delete("token");
      else target.searchParams.set("token", token);
      return put(target, { body: "x".repeat(100) });
    };
    expectError(await withToken(null), 400, "invalid_input");
    expectError(await withToken(`${url.searchParams.get("token")!.slice(0, -2)}xx`), 403, "forbidden");
    expectError(await withToken(new URL(second.upload.url).searchParams.get("token")), 403, "forbidden");
    // A session token is not an upload token either.
    expectError(await withToken(bob.accessToken), 403, "forbidden");
    expect(existsSync(path.join(documentsDir, bob.id, first.document.id))).toBe(false);
  });

  it("takes no more bytes than were declared, and fewer are refused at the check with the document gone", async () => {
    const before = await holdings(bob);
    const over = await started(bob, { name: "over.txt", bytes: 10 });
    expectError(await send(over.upload, Buffer.from("eleven bytes")), 413, "payload_too_large");

    const short = await started(bob, { name: "short.txt", bytes: 100 });
    expect((await send(short.upload, Buffer.from("only a few bytes"))).status).toBe(204);
    const refused = await finish(bob, short.document.id);
    expectError(refused, 422, "unprocessable");
    expect(refused.json.error.message).toMatch(/100 were declared/);
    expectError(await app.client.call(`/api/documents/${short.document.id}`, { as: bob }), 404, "not_found");
    expect(await holdings(bob)).toEqual({ ...before, documents: before.documents + 1 });
  });

  it("a file that fails the check is refused with the reason, and neither its document nor its bytes remain", async () => {
    const before = await holdings(bob);
    const png = await started(bob, { name: "photo.pdf", bytes: pngBytes.byteLength });
    expect((await send(png.upload, pngBytes)).status).toBe(204);
    const refused = await finish(bob, png.document.id);
    expectError(refused, 415, "unsupported_media_type");
    expect(refused.json.error.message).toMatch(/PNG image/);
    expect(await holdings(bob)).toEqual(before);
  });

  it("checked before the bytes came: 409, and the upload can still be finished", async () => {
    const text = Buffer.from("# Notes\n\nThe boat leaves at six.");
    const early = await started(bob, { name: "notes.md", bytes: text.byteLength });
    expectError(await finish(bob, early.document.id), 409, "conflict");
    expect((await send(early.upload, text)).status).toBe(204);
    const checked = await finish(bob, early.document.id);
    expect(checked.json.document).toMatchObject({ mimeType: "text/markdown" });
  });

  it("a document still waiting for its file cannot be attached to a message", async () => {
    const waiting = await started(alice, { name: "later.pdf", bytes: 1000 });
    const sent = await app.client.call("/api/chat", { method: "POST", as: alice, body: { message: "What does it say?", documentIds: [waiting.document.id] } });
    expectError(sent, 409, "conflict");
    expect(sent.json.error.message).toMatch(/not finished uploading/);
  });

  it("declared past the per-file limit (413), over the plan (429) or wrongly (400, 404): nothing more is stored", async () => {
    const carol = await app.client.signUp("Carol");
    const tooLarge = await start(carol, { name: "huge.pdf", bytes: 25 * megabyte + 1, mimeType: "application/pdf" });
    expectError(tooLarge, 413, "payload_too_large");
    expect(tooLarge.json.error.message).toMatch(/at most 25 MB/);
    expect(await holdings(carol)).toEqual({ documents: 0, jobs: 0, files: 0 });

    // A started upload holds its declared bytes against the plan's 50 MB until it is finished or removed.
    await started(carol, { name: "one.pdf", bytes: 20 * megabyte });
    await started(carol, { name: "two.pdf", bytes: 20 * megabyte });
    const over = await start(carol, { name: "three.pdf", bytes: 20 * megabyte, mimeType: "application/pdf" });
    expectError(over, 429, "quota_exceeded");
    expect(await holdings(carol)).toEqual({ documents: 2, jobs: 0, files: 0 });

    const bobsChat = await app.client.call("/api/chats", { method: "POST", as: bob, body: { title: "Bob's" } });
    for (const body of [
      { name: "zero.txt", bytes: 0, mimeType: "text/plain" },
      { name: "", bytes: 10, mimeType: "text/plain" },
      { name: "a.txt", bytes: 10 },
      { name: "a.txt", bytes: 10, mimeType: "text/plain", colour: "red" },
      { name: "a.txt", bytes: 10, mimeType: "text/plain", scope: "chat" },
      { name: "a.txt", bytes: 1.5, mimeType: "text/plain" },
    ]) {
      expectError(await start(carol, body), 400, "invalid_input");
    }
    expectError(await start(carol, { name: "a.txt", bytes: 10, mimeType: "text/plain", scope: "chat", chatId: bobsChat.json.chat.id }), 404, "not_found");
    expect(await holdings(carol)).toEqual({ documents: 2, jobs: 0, files: 0 });
  });

  it("Bob can neither check nor read Alice's upload in progress", async () => {
    const hers = await started(alice, { name: "private.pdf", bytes: largePdf.byteLength });
    expectError(await finish(bob, hers.document.id), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${hers.document.id}`, { as: bob }), 404, "not_found");
    const listed = await app.client.call("/api/documents", { as: bob });
    expect(listed.json.documents.map((document: { id: string }) => document.id)).not.toContain(hers.document.id);
  });

  it("an upload never finished is removed by maintenance once its URL has expired, with any bytes it got", async () => {
    const dave = await app.client.signUp("Dave");
    const text = Buffer.from("Never checked.");
    const abandoned = await started(dave, { name: "abandoned.txt", bytes: text.byteLength });
    const fresh = await started(dave, { name: "fresh.txt", bytes: 10 });
    expect((await send(abandoned.upload, text)).status).toBe(204);
    const pg = await database();
    await pg.query("update public.documents set created_at = now() - interval '3 hours' where id = $1", [abandoned.document.id]);
    const { utimes } = await import("node:fs/promises");
    const hoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
    await utimes(path.join(documentsDir, dave.id, abandoned.document.id), hoursAgo, hoursAgo);

    const { runMaintenance } = await import("@/lib/jobs/maintenance");
    const result = await runMaintenance();
    expect(result.unfinishedUploads.removed).toBeGreaterThanOrEqual(1);
    expectError(await app.client.call(`/api/documents/${abandoned.document.id}`, { as: dave }), 404, "not_found");
    expect(existsSync(path.join(documentsDir, dave.id, abandoned.document.id))).toBe(false);
    expect((await app.client.call(`/api/documents/${fresh.document.id}`, { as: dave })).status).toBe(200);
  });
});
