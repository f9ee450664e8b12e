import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { sendChat } from "../support/chat";
import { uploadFile, waitForIndexing, type UploadedDocument } from "../support/documents";
import { setUpAppServer } from "../support/route-suite";
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
