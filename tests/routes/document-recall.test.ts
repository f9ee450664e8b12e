import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { sendChat } from "../support/chat";
import { uploadFile, waitForIndexing, type UploadedDocument } from "../support/documents";
import { database, setUpAppServer } from "../support/route-suite";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai";

// Replies that draw on documents (issue 14): the passages reach the model as quoted data in the
// memories block, are listed with the reply as its sources, and open at the cited place.

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const app = setUpAppServer(() => ({
  OPENAI_API_KEY: "sk-fake-key-for-tests",
  OPENAI_BASE_URL: fake.baseURL,
  DOCUMENTS_DIR: mkdtempSync(path.join(tmpdir(), "mneme-document-recall-")),
}));
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});
beforeEach(() => {
  fake.behavior = {};
  fake.requests.length = 0;
});

const keepersNote = "# Keepers\n\nThe keeper of the Fastnet lighthouse in 1904 was named Orla Finnegan, and she kept a cat.";
const question = "Who was the keeper of the Fastnet lighthouse?";

async function indexed(person: Person, file: { bytes: Uint8Array; name: string; fields?: Record<string, string> }): Promise<UploadedDocument> {
  const response = await uploadFile(app.baseUrl, person, file);
  expect(response.status, response.text).toBe(201);
  const document = await waitForIndexing(app.client.call, person, response.json.document.id);
  expect(document.status).toBe("ready");
  return document;
}

type Source = { source?: string; documentId?: string; documentName?: string; passage?: number; page?: number | null; section?: string | null; snippet: string };
const sourcesOf = (meta: unknown) => (meta as { memories: Source[] }).memories;
const promptOf = () => fake.requests.at(-1)!.body.messages;

describe("replies that cite documents", () => {
  let note: UploadedDocument;
  beforeAll(async () => {
    note = await indexed(alice, { bytes: Buffer.from(keepersNote), name: "keepers.md" });
  });

  it("hand Alice's passage to the model in the delimited block of a user-role message, list it as the reply's source and store it with the reply", async () => {
    const { meta } = await sendChat(app.client, alice, { message: question, model: "gpt-4.1" });
    const cited = sourcesOf(meta).filter((memory) => memory.source === "document");
    expect(cited).toEqual([
      expect.objectContaining({ source: "document", documentId: note.id, documentName: "keepers.md", passage: 0, page: null, section: "Keepers", snippet: expect.stringContaining("Orla Finnegan") }),
    ]);

    const sent = promptOf();
    expect(sent.filter((message) => message.role === "system").map((message) => message.content).join("\n")).not.toContain("Orla");
    const [context, asked] = sent.slice(-2);
    expect(asked).toEqual({ role: "user", content: question });
    expect(context!.role).toBe("user");
    expect(context!.content).toMatch(/\n<memories>\n[\s\S]*<passage index="\d" document="keepers\.md" section="Keepers">\n[^\n]*Orla Finnegan[^\n]*\n<\/passage>\n[\s\S]*<\/memories>$/);

    const chat = await app.client.call(`/api/chats/${meta.chatId}`, { as: alice });
    expect(chat.status).toBe(200);
    const reply = (chat.json.messages as { id: string; memories?: Source[] }[]).find((message) => message.id === meta.assistantMessageId);
    expect(reply?.memories).toEqual(expect.arrayContaining([expect.objectContaining({ source: "document", documentId: note.id, passage: 0 })]));
  });

  it("open at the cited passage: the document's passages in order, for Alice only", async () => {
    const read = await app.client.call(`/api/documents/${note.id}/passages`, { as: alice });
    expect(read.status).toBe(200);
    expect(read.json.document).toMatchObject({ id: note.id, name: "keepers.md", status: "ready" });
    expect(read.json.passages).toEqual([{ passage: 0, page: null, section: "Keepers", content: expect.stringContaining("Orla Finnegan") }]);

    expectError(await app.client.call(`/api/documents/${note.id}/passages`, { as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${crypto.randomUUID()}/passages`, { as: alice }), 404, "not_found");
    expectError(await app.client.call(`/api/documents/${note.id}/passages`, {}), 401, "unauthorized");
  });

  it("never answer Bob from Alice's documents", async () => {
    const { meta } = await sendChat(app.client, bob, { message: question, model: "gpt-4.1" });
    expect(sourcesOf(meta).filter((memory) => memory.source === "document")).toEqual([]);
    expect(JSON.stringify(promptOf())).not.toContain("Orla");
  });

  it("leave out a document kept for one chat when another chat is answered, and a deleted one everywhere", async () => {
    const first = await sendChat(app.client, alice, { message: "A chat for the ferry timetable", model: "gpt-4.1" });
    const timetable = await indexed(alice, {
      bytes: Buffer.from("# Ferries\n\nThe Fastnet ferry to the lighthouse keeper's island leaves at 07:40 from Baltimore pier."),
      name: "ferries.md",
      fields: { scope: "chat", chatId: first.meta.chatId },
    });
    const elsewhere = await sendChat(app.client, alice, { message: "When does the Fastnet ferry to the lighthouse keeper's island leave?", model: "gpt-4.1" });
    const cited = sourcesOf(elsewhere.meta).filter((memory) => memory.source === "document").map((memory) => memory.documentId);
    expect(cited).not.toContain(timetable.id);
    expect(JSON.stringify(promptOf())).not.toContain("07:40");

    expect((await app.client.call(`/api/documents/${note.id}`, { method: "DELETE", as: alice })).status).toBe(204);
    const after = await sendChat(app.client, alice, { message: question, model: "gpt-4.1" });
    expect(sourcesOf(after.meta).map((memory) => memory.documentId)).not.toContain(note.id);
    expect(promptOf().at(-2)?.content ?? "").not.toContain("<passage");
    expectError(await app.client.call(`/api/documents/${note.id}/passages`, { as: alice }), 404, "not_found");
  });
});

describe("documents attached to a message", () => {
  const manual = "# Heater manual\n\nTo bleed the radiator, turn the square valve a quarter turn anticlockwise with the brass key.";
  const unrelated = "Summarise this for me, please";
  let chatId: string;
  let heater: UploadedDocument;

  beforeAll(async () => {
    const created = await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Heating" } });
    expect(created.status).toBe(201);
    chatId = created.json.chat.id;
    heater = await indexed(alice, { bytes: Buffer.from(manual), name: "heater.md", fields: { scope: "chat", chatId } });
  });

  it("are in the reply's context however little the question shares with them, first in the block, and the question keeps them", async () => {
    const { meta } = await sendChat(app.client, alice, { chatId, message: unrelated, documentIds: [heater.id], model: "gpt-4.1" });
    const sources = sourcesOf(meta);
    expect(sources[0]).toMatchObject({ source: "document", documentId: heater.id, documentName: "heater.md", passage: 0 });
    const [context, asked] = promptOf().slice(-2);
    expect(asked).toEqual({ role: "user", content: unrelated });
    expect(context!.content).toMatch(/\n<memories>\n<passage index="1" document="heater\.md" section="Heater manual">\n[^\n]*square valve[^\n]*\n<\/passage>/);

    const chat = await app.client.call(`/api/chats/${chatId}`, { as: alice });
    const question = (chat.json.messages as { id: string; attachments?: unknown }[]).find((message) => message.id === meta.userMessageId);
    expect(question?.attachments).toEqual([{ documentId: heater.id, name: "heater.md" }]);

    // Regenerated, the reply is given them again.
    const retried = await sendChat(app.client, alice, { chatId, retryOf: meta.assistantMessageId, model: "gpt-4.1" });
    expect(sourcesOf(retried.meta)[0]).toMatchObject({ source: "document", documentId: heater.id });
    expect(promptOf().at(-2)!.content).toContain("square valve");
  });

  it("may go to a chat made empty for them, which the first message then names; a chat given a title keeps it", async () => {
    const empty = await app.client.call("/api/chats", { method: "POST", as: alice, body: {} });
    expect(empty.status).toBe(201);
    const note = await indexed(alice, { bytes: Buffer.from("# Boiler\n\nThe boiler's reset button is under the front panel."), name: "boiler.md", fields: { scope: "chat", chatId: empty.json.chat.id } });
    const { meta } = await sendChat(app.client, alice, { chatId: empty.json.chat.id, message: "Where is the reset button?", documentIds: [note.id] });
    expect(sourcesOf(meta)[0]).toMatchObject({ documentId: note.id });
    expect((await app.client.call(`/api/chats/${empty.json.chat.id}`, { as: alice })).json.chat.title).toBe("Where is the reset button?");
    expect((await app.client.call(`/api/chats/${chatId}`, { as: alice })).json.chat.title).toBe("Heating");
  });

  it("are given with memory turned off, and nothing else is", async () => {
    expect((await app.client.call("/api/settings", { method: "PATCH", as: alice, body: { memoryEnabled: false } })).status).toBe(200);
    try {
      const { meta } = await sendChat(app.client, alice, { chatId, message: "Which valve do I turn, and who kept the Fastnet lighthouse?", documentIds: [heater.id], model: "gpt-4.1" });
      expect(sourcesOf(meta).map((source) => source.documentId)).toEqual([heater.id]);
    } finally {
      expect((await app.client.call("/api/settings", { method: "PATCH", as: alice, body: { memoryEnabled: true } })).status).toBe(200);
    }
  });

  it("are refused, storing nothing, when they are not hers, belong to another chat, are not indexed yet, or are named wrongly", async () => {
    const bobsNote = await indexed(bob, { bytes: Buffer.from("Bob's private note about valves."), name: "bob.md" });
    const db = await database();
    const messagesOf = async () => (await db.query<{ n: number }>("select count(*)::int as n from messages where user_id = $1", [alice.id])).rows[0]!.n;
    const before = await messagesOf();
    const send = (body: Record<string, unknown>) => app.client.call("/api/chat", { method: "POST", as: alice, body: { message: "Use this", ...body } });

    expectError(await send({ documentIds: [bobsNote.id] }), 400, "invalid_input");
    expectError(await send({ chatId, documentIds: [bobsNote.id] }), 400, "invalid_input");
    expectError(await send({ documentIds: [heater.id] }), 400, "invalid_input"); // a new chat: heater.md is Heating's only
    expectError(await send({ documentIds: [] }), 400, "invalid_input");
    expectError(await send({ documentIds: [heater.id, heater.id.toUpperCase()] }), 400, "invalid_input");
    expectError(await send({ documentIds: Array.from({ length: 11 }, () => crypto.randomUUID()) }), 400, "invalid_input");
    expectError(await send({ documentIds: ["not-an-id"] }), 400, "invalid_input");
    const reply = (await db.query<{ id: string }>("select id from messages where chat_id = $1 and role = 'assistant' limit 1", [chatId])).rows[0]!;
    expectError(await app.client.call("/api/chat", { method: "POST", as: alice, body: { chatId, retryOf: reply.id, documentIds: [heater.id] } }), 400, "invalid_input");

    await db.query("update public.documents set status = 'indexing' where id = $1", [heater.id]);
    try {
      const refused = await send({ chatId, documentIds: [heater.id] });
      expectError(refused, 409, "conflict");
      expect(refused.json.error.message).toContain("heater.md");
    } finally {
      await db.query("update public.documents set status = 'ready' where id = $1", [heater.id]);
    }
    expect(await messagesOf()).toBe(before);
  });
});
