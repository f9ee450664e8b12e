import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { makeDocx, makePdf, makeZip, makeZipBombDocx, pngBytes } from "../support/document-fixtures";
import { uploadFile, waitForIndexing, type UploadedDocument } from "../support/documents";
import { database, setUpAppServer } from "../support/route-suite";

const documentsDir = mkdtempSync(path.join(tmpdir(), "mneme-documents-test-"));
const app = setUpAppServer({ DOCUMENTS_DIR: documentsDir, JOBS_RETRY_BASE_MS: "50" });
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

const upload = (person: Person | null, file: { bytes: Uint8Array; name: string; type?: string; fields?: Record<string, string> }) =>
  uploadFile(app.baseUrl, person, file);

async function uploaded(person: Person, file: { bytes: Uint8Array; name: string; fields?: Record<string, string> }): Promise<UploadedDocument> {
  const response = await upload(person, file);
  expect(response.status, response.text).toBe(201);
  return response.json.document;
}

const indexed = (person: Person, id: string) => waitForIndexing(app.client.call, person, id);

const search = (person: Person, body: Record<string, unknown>) => app.client.call("/api/memory/search", { method: "POST", as: person, body });

/** What the database and the disk hold of a person's documents, to prove a refusal stored nothing. */
async function holdings(person: Person) {
  const pg = await database();
  const rows = await pg.query<{ count: number }>("select count(*)::int as count from public.documents where user_id = $1", [person.id]);
  const jobs = await pg.query<{ count: number }>(
    "select count(*)::int as count from private.jobs where kind = 'index_document' and user_id = $1",
    [person.id],
  );
  const folder = path.join(documentsDir, person.id);
  return { documents: rows.rows[0]!.count, jobs: jobs.rows[0]!.count, files: existsSync(folder) ? readdirSync(folder).length : 0 };
}

describe("POST /api/documents: each format, indexed and searchable", () => {
  it("a Markdown file is stored, indexed with progress to 1, and found by search with its section", async () => {
    const text = "# Kayak trip\n\nWe paddle from Oban to Kerrera at dawn.\n\n# Packing\n\nBring a dry bag and a spare paddle.";
    const document = await uploaded(alice, { bytes: Buffer.from(text), name: "trip.md" });
    expect(document).toEqual({
      id: expect.any(String),
      name: "trip.md",
      mimeType: "text/markdown",
      bytes: Buffer.byteLength(text),
      pages: null,
      status: "queued",
      progress: 0,
      error: null,
      scope: "memory",
      chatId: null,
      createdAt: expect.any(String),
      uploadedAt: expect.any(String),
    });
    expect(Object.keys(document)).not.toContain("storagePath");

    const ready = await indexed(alice, document.id);
    expect(ready).toMatchObject({ status: "ready", progress: 1, error: null });

    const response = await search(alice, { query: "dry bag spare paddle", sources: ["document"] });
    expect(response.status).toBe(200);
    expect(response.json.results[0]).toEqual({
      source: "document",
      documentId: document.id,
      documentName: "trip.md",
      // Its place in the document (the second passage, after the trip's): what a source opens at.
      passage: 1,
      page: null,
      section: "Packing",
      snippet: expect.stringContaining("dry bag"),
      similarity: expect.any(Number),
      createdAt: document.createdAt,
    });
  });

  it("a PDF is read page by page: the hit names its page", async () => {
    const pdf = makePdf(["Chapter one is about lighthouses.", "The second page explains tidal bores on the Severn."]);
    const document = await uploaded(alice, { bytes: pdf, name: "tides.pdf" });
    expect(document).toMatchObject({ mimeType: "application/pdf", pages: 2, bytes: pdf.byteLength });
    expect((await indexed(alice, document.id)).status).toBe("ready");
    const [best] = (await search(alice, { query: "tidal bores Severn", sources: ["document"] })).json.results;
    expect(best).toMatchObject({ source: "document", documentId: document.id, documentName: "tides.pdf", page: 2 });
  });

  it("a Word document is read with its headings as sections", async () => {
    const docx = makeDocx(["# Garden", "Tomatoes need staking by June.", "# Kitchen", "The oven thermostat is broken."]);
    const document = await uploaded(alice, { bytes: docx, name: "house.docx", fields: { scope: "memory" } });
    expect(document.mimeType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect((await indexed(alice, document.id)).status).toBe("ready");
    const [best] = (await search(alice, { query: "oven thermostat broken", sources: ["document"] })).json.results;
    expect(best).toMatchObject({ documentId: document.id, section: "Kitchen", page: null });
  });

  it("a plain text file is read as text, whatever type the browser claimed", async () => {
    const document = await uploaded(alice, { bytes: Buffer.from("Quinoa rinse ratio: one to two."), name: "recipe.txt" });
    expect(document.mimeType).toBe("text/plain");
    expect((await indexed(alice, document.id)).status).toBe("ready");
  });

  it("search mixes messages and documents unless asked for one source, and refuses unknown sources", async () => {
    const both = await search(alice, { query: "dry bag spare paddle" });
    expect(both.status).toBe(200);
    expect(both.json.results.some((result: { source: string }) => result.source === "document")).toBe(true);
    const messagesOnly = await search(alice, { query: "dry bag spare paddle", sources: ["message"] });
    expect(messagesOnly.json.results.every((result: { source: string }) => result.source === "message")).toBe(true);
    expectError(await search(alice, { query: "x", sources: ["files"] }), 400, "invalid_input");
    expectError(await search(alice, { query: "x", sources: [] }), 400, "invalid_input");
  });

  it("a document for one chat only stays out of memory search; its chat must be the uploader's", async () => {
    const chat = await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Trip" } });
    const chatId = chat.json.chat.id as string;
    const document = await uploaded(alice, { bytes: Buffer.from("Zanzibar ferry timetable notes"), name: "ferry.txt", fields: { scope: "chat", chatId } });
    expect(document).toMatchObject({ scope: "chat", chatId });
    expect((await indexed(alice, document.id)).status).toBe("ready");
    const results = (await search(alice, { query: "Zanzibar ferry timetable", sources: ["document"] })).json.results;
    expect(results.map((result: { documentId: string }) => result.documentId)).not.toContain(document.id);

    const before = await holdings(bob);
    expectError(await upload(bob, { bytes: Buffer.from("hello"), name: "a.txt", fields: { scope: "chat", chatId } }), 404, "not_found");
    expectError(await upload(bob, { bytes: Buffer.from("hello"), name: "a.txt", fields: { scope: "chat" } }), 400, "invalid_input");
    expectError(await upload(alice, { bytes: Buffer.from("hello"), name: "a.txt", fields: { chatId } }), 400, "invalid_input");
    expect(await holdings(bob)).toEqual(before);
  });
});

describe("POST /api/documents: bad files are refused at once and leave nothing behind", () => {
  const cases: { name: string; bytes: Uint8Array; type?: string; status: number; code: string; reason: RegExp }[] = [
    { name: "photo.pdf", bytes: pngBytes, type: "application/pdf", status: 415, code: "unsupported_media_type", reason: /PNG image/ },
    { name: "archive.docx", bytes: makeZip(), status: 415, code: "unsupported_media_type", reason: /not a Word document/ },
    { name: "binary.txt", bytes: Buffer.from([0x68, 0x69, 0x00, 0x01]), type: "text/plain", status: 415, code: "unsupported_media_type", reason: /not UTF-8 text/ },
    { name: "empty.txt", bytes: Buffer.alloc(0), status: 422, code: "unprocessable", reason: /empty/ },
    { name: "locked.pdf", bytes: makePdf(["secret plans"], { encrypted: true }), status: 422, code: "unprocessable", reason: /password-protected/ },
    { name: "scan.pdf", bytes: makePdf(["", ""]), status: 422, code: "unprocessable", reason: /no text layer/ },
    { name: "bomb.docx", bytes: makeZipBombDocx(41), status: 413, code: "payload_too_large", reason: /unpacked/ },
    { name: "huge.txt", bytes: Buffer.alloc(4 * 1024 * 1024 + 1, 0x61), status: 413, code: "payload_too_large", reason: /at most/ },
  ];

  for (const bad of cases) {
    it(`${bad.name}: ${bad.status} ${bad.code}`, async () => {
      const before = await holdings(bob);
      const response = await upload(bob, bad);
      expectError(response, bad.status, bad.code);
      expect(response.json.error.message).toMatch(bad.reason);
      expect(await holdings(bob)).toEqual(before);
    });
  }

  it("a body past the limit is refused before it is read as a form", async () => {
    const response = await upload(bob, { bytes: Buffer.alloc(5 * 1024 * 1024, 0x61), name: "bigger.txt" });
    expectError(response, 413, "payload_too_large");
  });

  it("a form without a file, or a body that is no form, is refused", async () => {
    const form = new FormData();
    form.set("scope", "memory");
    const noFile = await fetch(`${app.baseUrl}/api/documents`, { method: "POST", body: form, headers: { cookie: bob.cookie } });
    expect(noFile.status).toBe(400);
    expectError(await app.client.call("/api/documents", { method: "POST", as: bob, body: { file: "x" } }), 415, "unsupported_media_type");
    const unknownField = await upload(bob, { bytes: Buffer.from("hi"), name: "a.txt", fields: { colour: "red" } });
    expectError(unknownField, 400, "invalid_input");
  });

  it("signed out, nothing is accepted", async () => {
    expectError(await upload(null, { bytes: Buffer.from("hi"), name: "a.txt" }), 401, "unauthorized");
    expectError(await app.client.call("/api/documents"), 401, "unauthorized");
  });
});

describe("plan quotas", () => {
  /** Documents stored straight into the database (as the service does), to reach a limit fast. */
  async function fillWith(person: Person, rows: { count: number; bytesEach: number }) {
    const pg = await database();
    await pg.query(
      `insert into public.documents (user_id, name, mime_type, bytes, status, storage_path)
       select $1, 'filler ' || n, 'text/plain', $2, 'ready', $4 || '/filler-' || n || '-' || gen_random_uuid() from generate_series(1, $3) as n`,
      [person.id, rows.bytesEach, rows.count, person.id],
    );
  }

  it("over the plan's document count: 429 quota_exceeded, and nothing is stored", async () => {
    const carol = await app.client.signUp("Carol");
    await fillWith(carol, { count: 49, bytesEach: 10 });
    await uploaded(carol, { bytes: Buffer.from("the fiftieth"), name: "fifty.txt" });
    const before = await holdings(carol);
    const response = await upload(carol, { bytes: Buffer.from("one too many"), name: "more.txt" });
    expectError(response, 429, "quota_exceeded");
    expect(response.json.error.message).toContain("50 documents");
    expect(await holdings(carol)).toEqual(before);
  });

  it("over the plan's storage: 429 quota_exceeded, and nothing is stored", async () => {
    const dave = await app.client.signUp("Dave");
    await fillWith(dave, { count: 1, bytesEach: 50 * 1024 * 1024 - 10 });
    const before = await holdings(dave);
    const response = await upload(dave, { bytes: Buffer.from("eleven bytes or more"), name: "over.txt" });
    expectError(response, 429, "quota_exceeded");
    expect(await holdings(dave)).toEqual(before);
    await uploaded(dave, { bytes: Buffer.from("tiny"), name: "fits.txt" });
  });
});

describe("reading, downloading, retrying and deleting", () => {
  it("GET /api/documents lists the caller's documents, newest first", async () => {
    const document = await uploaded(bob, { bytes: Buffer.from("Bob's own note about bees"), name: "bees.txt" });
    const response = await app.client.call("/api/documents", { as: bob });
    expect(response.status).toBe(200);
    expect(response.json.documents[0]).toMatchObject({ id: document.id, name: "bees.txt" });
    const documents = response.json.documents as UploadedDocument[];
    expect(response.json.limits).toEqual({ fileBytes: 25 * 1024 * 1024, pages: 500, docxUnpackedBytes: 40 * 1024 * 1024, totalBytes: 50 * 1024 * 1024, documents: 50 });
    expect(response.json.used).toEqual({ bytes: documents.reduce((sum, item) => sum + item.bytes, 0), documents: documents.length });
  });

  it("the file comes back as a download that cannot run as a page", async () => {
    const html = "<!doctype html><script>alert(document.cookie)</script>";
    const document = await uploaded(alice, { bytes: Buffer.from(html), name: "page\".html" });
    const response = await fetch(`${app.baseUrl}/api/documents/${document.id}/file`, { headers: { cookie: alice.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="page_.html"; filename*=UTF-8''page%22.html`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await response.text()).toBe(html);
  });

  it("a failed document is retried on request and indexed; one that has not failed answers 409", async () => {
    const document = await uploaded(alice, { bytes: Buffer.from("Retry me: heron nesting season"), name: "heron.txt" });
    await indexed(alice, document.id);
    const pg = await database();
    await pg.query("update public.documents set status = 'error', error = 'The embedding service did not answer.' where id = $1", [document.id]);
    expect((await app.client.call(`/api/documents/${document.id}`, { as: alice })).json.document).toMatchObject({ status: "error", error: expect.any(String) });

    expectError(await app.client.call(`/api/documents/${document.id}/retry`, { method: "POST", as: bob }), 404, "not_found");
    const retried = await app.client.call(`/api/documents/${document.id}/retry`, { method: "POST", as: alice });
    expect(retried.status).toBe(200);
    expect(retried.json.document).toMatchObject({ status: "queued", progress: 0, error: null });
    expect(await indexed(alice, document.id)).toMatchObject({ status: "ready", error: null });
    expectError(await app.client.call(`/api/documents/${document.id}/retry`, { method: "POST", as: alice }), 409, "conflict");
  });

  it("DELETE removes the row, its passages, vectors and jobs, and the file", async () => {
    const document = await uploaded(alice, { bytes: makePdf(["Delete me: a page about otters."]), name: "otters.pdf" });
    await indexed(alice, document.id);
    const pg = await database();
    const count = async (sql: string) => (await pg.query<{ count: number }>(sql, [document.id])).rows[0]!.count;
    expect(await count("select count(*)::int as count from public.document_chunks where document_id = $1")).toBeGreaterThan(0);
    expect(await count("select count(*)::int as count from private.jobs where payload ->> 'documentId' = $1::text")).toBeGreaterThan(0);
    const file = path.join(documentsDir, alice.id, document.id);
    expect(existsSync(file)).toBe(true);

    expectError(await app.client.call(`/api/documents/${document.id}`, { method: "DELETE", as: bob }), 404, "not_found");
    expect(existsSync(file)).toBe(true);
    const deleted = await app.client.call(`/api/documents/${document.id}`, { method: "DELETE", as: alice });
    expect(deleted.status).toBe(204);

    expect(await count("select count(*)::int as count from public.documents where id = $1")).toBe(0);
    expect(await count("select count(*)::int as count from public.document_chunks where document_id = $1")).toBe(0);
    expect(await count("select count(*)::int as count from private.jobs where payload ->> 'documentId' = $1::text")).toBe(0);
    expect(existsSync(file)).toBe(false);
    expectError(await app.client.call(`/api/documents/${document.id}`, { as: alice }), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${document.id}`, { method: "DELETE", as: alice }), 404, "not_found");
    const results = (await search(alice, { query: "page about otters", sources: ["document"] })).json.results;
    expect(results.map((result: { documentId: string }) => result.documentId)).not.toContain(document.id);
  });

  it("malformed ids name nothing: 404", async () => {
    expectError(await app.client.call("/api/documents/not-a-uuid", { as: alice }), 404, "not_found");
    expectError(await app.client.call("/api/documents/not-a-uuid/file", { as: alice }), 404, "not_found");
    expectError(await app.client.call("/api/documents/not-a-uuid/passages", { as: alice }), 404, "not_found");
  });
});

describe("what goes with a chat or an account", () => {
  it("deleting a chat takes its this-chat-only documents, and the maintenance sweep their files; documents in memory stay", async () => {
    const erin = await app.client.signUp("Erin");
    const chat = await app.client.call("/api/chats", { method: "POST", as: erin, body: { title: "Ferries" } });
    const chatId = chat.json.chat.id as string;
    const onlyHere = await uploaded(erin, { bytes: Buffer.from("Ferry to Mull at nine"), name: "ferry.txt", fields: { scope: "chat", chatId } });
    const inMemory = await uploaded(erin, { bytes: Buffer.from("Ferry to Iona at ten"), name: "iona.txt" });
    await indexed(erin, onlyHere.id);
    expect((await app.client.call(`/api/chats/${chatId}`, { method: "DELETE", as: erin })).status).toBe(204);

    expectError(await app.client.call(`/api/documents/${onlyHere.id}`, { as: erin }), 404, "not_found");
    expect((await app.client.call(`/api/documents/${inMemory.id}`, { as: erin })).status).toBe(200);
    const { pruneDocumentFiles } = await import("@/lib/documents/prune-files");
    expect(await pruneDocumentFiles({ minAgeMs: 0 })).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(documentsDir, erin.id, onlyHere.id))).toBe(false);
    expect(existsSync(path.join(documentsDir, erin.id, inMemory.id))).toBe(true);
  });

  it("deleting the account removes every file of it", async () => {
    const frank = await app.client.signUp("Frank");
    await uploaded(frank, { bytes: Buffer.from("Frank's notes"), name: "notes.txt" });
    expect((await holdings(frank)).files).toBe(1);
    expect((await app.client.call("/api/account", { method: "DELETE", as: frank })).status).toBe(204);
    expect(await holdings(frank)).toEqual({ documents: 0, jobs: 0, files: 0 });
  });
});

describe("isolation: Bob never reaches Alice's documents", () => {
  let secret: UploadedDocument;

  beforeAll(async () => {
    secret = await uploaded(alice, { bytes: Buffer.from("Alice's locker combination is nine four seven"), name: "locker.txt" });
    await indexed(alice, secret.id);
  });

  it("not by listing, reading, downloading, retrying or deleting by id", async () => {
    const list = await app.client.call("/api/documents", { as: bob });
    expect(list.json.documents.map((document: { id: string }) => document.id)).not.toContain(secret.id);
    expectError(await app.client.call(`/api/documents/${secret.id}`, { as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${secret.id}/file`, { as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${secret.id}/file`, { as: bob, via: "bearer" }), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${secret.id}/retry`, { method: "POST", as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${secret.id}`, { method: "DELETE", as: bob }), 404, "not_found");
    expect((await app.client.call(`/api/documents/${secret.id}`, { as: alice })).status).toBe(200);
  });

  it("not by search, even with the passage's own words", async () => {
    const results = (await search(bob, { query: "locker combination nine four seven" })).json.results;
    expect(results.map((result: { documentId?: string }) => result.documentId)).not.toContain(secret.id);
    const own = (await search(alice, { query: "locker combination nine four seven", sources: ["document"] })).json.results;
    expect(own[0]).toMatchObject({ documentId: secret.id });
  });

  it("not by storage path: no answer names it, and the server's role with Bob's claims sees no row of Alice's", async () => {
    const pg = await database();
    const { rows } = await pg.query<{ storage_path: string }>("select storage_path from public.documents where id = $1", [secret.id]);
    const storagePath = rows[0]!.storage_path;
    const listed = await app.client.call("/api/documents", { as: alice });
    expect(listed.text).not.toContain(storagePath);

    // The per-user queries filter by user too; row level security is what holds when one forgets.
    const seen = await pg.transaction(async (tx) => {
      await tx.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'mneme_user', true)", [
        JSON.stringify({ sub: bob.id, role: "authenticated", aud: "authenticated" }),
      ]);
      const documents = await tx.query<{ count: number }>("select count(*)::int as count from public.documents where id = $1 or storage_path = $2", [secret.id, storagePath]);
      const passages = await tx.query<{ count: number }>("select count(*)::int as count from public.document_chunks where document_id = $1", [secret.id]);
      const deleted = await tx.query("delete from public.documents where id = $1 returning id", [secret.id]);
      const updated = await tx.query("update public.documents set status = 'queued' where id = $1 returning id", [secret.id]);
      return [documents.rows[0]!.count, passages.rows[0]!.count, deleted.rows.length, updated.rows.length];
    });
    expect(seen).toEqual([0, 0, 0, 0]);
    expect((await app.client.call(`/api/documents/${secret.id}`, { as: alice })).json.document.status).toBe("ready");
  });
});
