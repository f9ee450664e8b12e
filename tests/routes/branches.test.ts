import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { countRows, sendChat } from "../support/chat";
import { database, setUpAppServer } from "../support/route-suite";

// Chats as trees: edits and regenerated replies are siblings, the chat remembers its current
// branch, the model sees only that branch, and every reply is charged.
const app = setUpAppServer({ OFFLINE_MODELS: "offline-b" });
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

interface ShownMessage {
  id: string;
  parentId: string | null;
  siblingIds: string[];
  role: string;
  content: string;
  model: string | null;
  status: string;
}

async function branchOf(person: Person, chatId: string, query = "") {
  const response = await app.client.call(`/api/chats/${chatId}${query}`, { as: person });
  expect(response.status, response.text).toBe(200);
  return response.json as { messages: ShownMessage[]; nextBefore: string | null };
}

async function treeRows(chatId: string) {
  const pg = await database();
  const { rows } = await pg.query<{ id: string; parent_id: string | null; role: string; content: string; model: string | null }>(
    "select id, parent_id, role, content, model from messages where chat_id = $1 order by seq",
    [chatId],
  );
  return rows;
}

async function chargesOf(userId: string) {
  const pg = await database();
  const { rows } = await pg.query<{ message_id: string | null; status: string }>(
    "select message_id, status from public.usage_charges where user_id = $1 order by created_at",
    [userId],
  );
  return rows;
}

/** A chat of two turns: Q1 A1 Q2 A2. */
async function twoTurns(person: Person, first = "First question", second = "Second question") {
  const one = await sendChat(app.client, person, { message: first });
  const two = await sendChat(app.client, person, { chatId: one.meta.chatId, message: second });
  return { chatId: one.meta.chatId, q1: one.meta.userMessageId, a1: one.meta.assistantMessageId, q2: two.meta.userMessageId, a2: two.meta.assistantMessageId };
}

describe("editing a message starts a branch", () => {
  it("stores the edit as a sibling, answers it with only its own branch as context, and makes it current", async () => {
    const chat = await twoTurns(alice);
    const edit = await sendChat(app.client, alice, { chatId: chat.chatId, editOf: chat.q2, message: "Second question, better put" });
    expect(edit.events.at(-1)?.event).toBe("done");
    // The offline model counts the person's earlier messages in its context: only Q1.
    expect(edit.text).toContain("1 earlier message from you");
    expect(edit.text).toContain("Second question, better put");

    const rows = await treeRows(chat.chatId);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(edit.meta.userMessageId)?.parent_id).toBe(chat.a1);
    expect(byId.get(edit.meta.assistantMessageId)?.parent_id).toBe(edit.meta.userMessageId);
    // The original and its reply stay.
    expect(byId.get(chat.q2)?.parent_id).toBe(chat.a1);
    expect(byId.has(chat.a2)).toBe(true);

    const shown = await branchOf(alice, chat.chatId);
    expect(shown.messages.map((message) => message.id)).toEqual([chat.q1, chat.a1, edit.meta.userMessageId, edit.meta.assistantMessageId]);
    expect(shown.messages[2]).toMatchObject({ parentId: chat.a1, siblingIds: [chat.q2, edit.meta.userMessageId] });
    expect(shown.messages[0]).toMatchObject({ parentId: null, siblingIds: [chat.q1] });
    expect(shown.nextBefore).toBeNull();
  });

  it("an edit of the first message is a second root", async () => {
    const chat = await twoTurns(alice);
    const edit = await sendChat(app.client, alice, { chatId: chat.chatId, editOf: chat.q1, message: "Another start" });
    expect(edit.text).toContain("This is the first message of this chat.");
    const shown = await branchOf(alice, chat.chatId);
    expect(shown.messages.map((message) => message.id)).toEqual([edit.meta.userMessageId, edit.meta.assistantMessageId]);
    expect(shown.messages[0]).toMatchObject({ parentId: null, siblingIds: [chat.q1, edit.meta.userMessageId] });
  });

  it("an old client's message goes on the current branch", async () => {
    const chat = await twoTurns(alice);
    const edit = await sendChat(app.client, alice, { chatId: chat.chatId, editOf: chat.q2, message: "Edited" });
    const next = await sendChat(app.client, alice, { chatId: chat.chatId, message: "And then?" });
    expect(next.text).toContain("2 earlier messages from you");
    const rows = await treeRows(chat.chatId);
    expect(rows.find((row) => row.id === next.meta.userMessageId)?.parent_id).toBe(edit.meta.assistantMessageId);
  });
});

describe("regenerating any reply", () => {
  it("adds a sibling of that reply with the chosen model, keeps the old one, and charges both", async () => {
    const carol = await app.client.signUp("Carol");
    const chat = await twoTurns(carol);
    // Not the latest reply: the first one.
    const again = await sendChat(app.client, carol, { chatId: chat.chatId, retryOf: chat.a1, model: "offline-b" });
    expect(again.meta).toMatchObject({ userMessageId: chat.q1, model: "offline-b" });
    expect(again.text).toContain("This is the first message of this chat.");

    const rows = await treeRows(chat.chatId);
    expect(rows.map((row) => row.id)).toEqual([chat.q1, chat.a1, chat.q2, chat.a2, again.meta.assistantMessageId]);
    expect(rows.at(-1)).toMatchObject({ parent_id: chat.q1, model: "offline-b" });

    const shown = await branchOf(carol, chat.chatId);
    expect(shown.messages.map((message) => message.id)).toEqual([chat.q1, again.meta.assistantMessageId]);
    expect(shown.messages[1]?.siblingIds).toEqual([chat.a1, again.meta.assistantMessageId]);

    // Every generated reply has its own charge, settled.
    const charges = await chargesOf(carol.id);
    expect(charges.map((charge) => charge.message_id)).toEqual([chat.a1, chat.a2, again.meta.assistantMessageId]);
    expect(new Set(charges.map((charge) => charge.status))).toEqual(new Set(["settled"]));
  });
});

describe("switching branches", () => {
  it("PATCH activeMessageId shows the branch through that message down to its newest leaf, and persists", async () => {
    const chat = await twoTurns(alice);
    const edit = await sendChat(app.client, alice, { chatId: chat.chatId, editOf: chat.q2, message: "Edited" });
    const switched = await app.client.call(`/api/chats/${chat.chatId}`, { method: "PATCH", as: alice, body: { activeMessageId: chat.q2 } });
    expect(switched.status, switched.text).toBe(200);
    expect((await branchOf(alice, chat.chatId)).messages.map((message) => message.id)).toEqual([chat.q1, chat.a1, chat.q2, chat.a2]);

    // Through a message above the fork: the newest leaf below it, the edit's reply.
    await app.client.call(`/api/chats/${chat.chatId}`, { method: "PATCH", as: alice, body: { activeMessageId: chat.q1 } });
    expect((await branchOf(alice, chat.chatId)).messages.map((message) => message.id)).toEqual([chat.q1, chat.a1, edit.meta.userMessageId, edit.meta.assistantMessageId]);
  });

  it("refuses a message of another chat, even the person's own, and changes nothing", async () => {
    const chat = await twoTurns(alice);
    const other = await twoTurns(alice);
    const before = await branchOf(alice, chat.chatId);
    expectError(await app.client.call(`/api/chats/${chat.chatId}`, { method: "PATCH", as: alice, body: { activeMessageId: other.q2 } }), 400, "invalid_input");
    expectError(await app.client.call(`/api/chats/${chat.chatId}`, { method: "PATCH", as: alice, body: { activeMessageId: crypto.randomUUID() } }), 400, "invalid_input");
    expectError(await app.client.call(`/api/chats/${chat.chatId}`, { method: "PATCH", as: alice, body: { activeMessageId: "not-an-id" } }), 400, "invalid_input");
    expect(await branchOf(alice, chat.chatId)).toEqual(before);
  });
});

describe("deleting a message deletes its subtree", () => {
  it("answers 204, removes the message and everything below it, and the branch continues from its parent", async () => {
    const chat = await twoTurns(alice);
    const edit = await sendChat(app.client, alice, { chatId: chat.chatId, editOf: chat.q2, message: "Edited" });
    const below = await sendChat(app.client, alice, { chatId: chat.chatId, message: "Below the edit" });
    const response = await app.client.call(`/api/chats/${chat.chatId}/messages/${edit.meta.userMessageId}`, { method: "DELETE", as: alice });
    expect(response.status, response.text).toBe(204);
    const rows = await treeRows(chat.chatId);
    expect(rows.map((row) => row.id)).toEqual([chat.q1, chat.a1, chat.q2, chat.a2]);
    expect(rows.some((row) => [edit.meta.assistantMessageId, below.meta.userMessageId, below.meta.assistantMessageId].includes(row.id))).toBe(false);
    const shown = await branchOf(alice, chat.chatId);
    expect(shown.messages.map((message) => message.id)).toEqual([chat.q1, chat.a1, chat.q2, chat.a2]);
    expect(shown.messages[2]?.siblingIds).toEqual([chat.q2]);
    // Gone is gone: a second delete finds nothing.
    expectError(await app.client.call(`/api/chats/${chat.chatId}/messages/${edit.meta.userMessageId}`, { method: "DELETE", as: alice }), 404, "not_found");
  });

  it("deleting the only first message empties the chat", async () => {
    const chat = await twoTurns(alice);
    expect((await app.client.call(`/api/chats/${chat.chatId}/messages/${chat.q1}`, { method: "DELETE", as: alice })).status).toBe(204);
    expect(await treeRows(chat.chatId)).toEqual([]);
    expect((await branchOf(alice, chat.chatId)).messages).toEqual([]);
    // And the chat takes a new first message.
    const again = await sendChat(app.client, alice, { chatId: chat.chatId, message: "Fresh start" });
    expect(again.text).toContain("This is the first message of this chat.");
  });

  it("is 409 while a reply below is being written, and deletes nothing", async () => {
    const chat = await twoTurns(alice);
    const pg = await database();
    await pg.query("update messages set status = 'streaming' where id = $1", [chat.a2]);
    try {
      expectError(await app.client.call(`/api/chats/${chat.chatId}/messages/${chat.q2}`, { method: "DELETE", as: alice }), 409, "conflict");
      expect((await treeRows(chat.chatId)).length).toBe(4);
    } finally {
      await pg.query("update messages set status = 'complete' where id = $1", [chat.a2]);
    }
  });

  it("refuses a message of another chat and malformed ids", async () => {
    const chat = await twoTurns(alice);
    const other = await twoTurns(alice);
    expectError(await app.client.call(`/api/chats/${chat.chatId}/messages/${other.q1}`, { method: "DELETE", as: alice }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chat.chatId}/messages/not-an-id`, { method: "DELETE", as: alice }), 404, "not_found");
    expect((await treeRows(other.chatId)).length).toBe(4);
  });
});

describe("the current branch, paginated from its end", () => {
  it("pages through a long branch with before and nextBefore, oldest first within each page", async () => {
    const dana = await app.client.signUp("Dana");
    const first = await sendChat(app.client, dana, { message: "Turn 1" });
    const ids = [first.meta.userMessageId, first.meta.assistantMessageId];
    for (let turn = 2; turn <= 4; turn++) {
      const next = await sendChat(app.client, dana, { chatId: first.meta.chatId, message: `Turn ${turn}` });
      ids.push(next.meta.userMessageId, next.meta.assistantMessageId);
    }
    const chatId = first.meta.chatId;
    const latest = await branchOf(dana, chatId, "?limit=3");
    expect(latest.messages.map((message) => message.id)).toEqual(ids.slice(5));
    expect(latest.nextBefore).toBe(ids[5]);
    const earlier = await branchOf(dana, chatId, `?limit=3&before=${latest.nextBefore}`);
    expect(earlier.messages.map((message) => message.id)).toEqual(ids.slice(2, 5));
    expect(earlier.nextBefore).toBe(ids[2]);
    const start = await branchOf(dana, chatId, `?limit=3&before=${earlier.nextBefore}`);
    expect(start.messages.map((message) => message.id)).toEqual(ids.slice(0, 2));
    expect(start.nextBefore).toBeNull();
    expect((await branchOf(dana, chatId, `?before=${ids[0]}`)).messages).toEqual([]);
    // The default page holds all eight.
    expect((await branchOf(dana, chatId)).messages).toHaveLength(8);
  });

  it.each([
    ["limit 0", "?limit=0"],
    ["limit 201", "?limit=201"],
    ["a fractional limit", "?limit=1.5"],
    ["a malformed before", "?before=abc"],
    ["an unknown before", `?before=${crypto.randomUUID()}`],
    ["an empty before", "?before="],
  ])("%s is 400", async (_case, query) => {
    const chat = await twoTurns(alice);
    expectError(await app.client.call(`/api/chats/${chat.chatId}${query}`, { as: alice }), 400, "invalid_input");
  });

  it("a before from another branch or chat is refused", async () => {
    const chat = await twoTurns(alice);
    const other = await twoTurns(alice);
    await sendChat(app.client, alice, { chatId: chat.chatId, editOf: chat.q2, message: "Edited" });
    expectError(await app.client.call(`/api/chats/${chat.chatId}?before=${chat.a2}`, { as: alice }), 400, "invalid_input");
    expectError(await app.client.call(`/api/chats/${chat.chatId}?before=${other.a2}`, { as: alice }), 400, "invalid_input");
  });
});

describe("what POST /api/chat refuses in a tree, storing nothing", () => {
  it.each([
    ["editOf on a reply", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, editOf: chat.a1, message: "x" })],
    ["retryOf on a user message", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, retryOf: chat.q1 })],
    ["editOf without a message", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, editOf: chat.q1 })],
    ["retryOf with a message", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, retryOf: chat.a1, message: "x" })],
    ["editOf and retryOf at once", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, editOf: chat.q1, retryOf: chat.a1, message: "x" })],
    ["editOf without a chatId", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ editOf: chat.q1, message: "x" })],
    ["a malformed editOf", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, editOf: "q1", message: "x" })],
    ["a malformed retryOf", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, retryOf: 42 })],
    ["an editOf of another chat", (_chat: Awaited<ReturnType<typeof twoTurns>>, other: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: _chat.chatId, editOf: other.q1, message: "x" })],
    ["a retryOf of another chat", (_chat: Awaited<ReturnType<typeof twoTurns>>, other: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: _chat.chatId, retryOf: other.a1 })],
    ["an edit with an empty message", (chat: Awaited<ReturnType<typeof twoTurns>>) => ({ chatId: chat.chatId, editOf: chat.q1, message: " " })],
  ])("%s is 400", async (_case, bodyOf) => {
    const erin = await app.client.signUp("Erin");
    const chat = await twoTurns(erin);
    const other = await twoTurns(erin);
    const before = { messages: await countRows("messages", erin.id), charges: await chargesOf(erin.id), branch: await branchOf(erin, chat.chatId) };
    expectError(await app.client.call("/api/chat", { method: "POST", as: erin, body: bodyOf(chat, other) }), 400, "invalid_input");
    expect({ messages: await countRows("messages", erin.id), charges: await chargesOf(erin.id), branch: await branchOf(erin, chat.chatId) }).toEqual(before);
  });

  it("a retry of a reply still being written is 409", async () => {
    const chat = await twoTurns(alice);
    const pg = await database();
    await pg.query("update messages set status = 'streaming' where id = $1", [chat.a1]);
    try {
      expectError(await app.client.call("/api/chat", { method: "POST", as: alice, body: { chatId: chat.chatId, retryOf: chat.a1 } }), 409, "conflict");
    } finally {
      await pg.query("update messages set status = 'complete' where id = $1", [chat.a1]);
    }
    expect((await treeRows(chat.chatId)).length).toBe(4);
  });
});

describe("isolation: Bob cannot reach Alice's tree", () => {
  it("cannot read, page, branch, edit, retry, switch, or delete in Alice's chat; her chat is untouched", async () => {
    const chat = await twoTurns(alice);
    const before = { rows: await treeRows(chat.chatId), branch: await branchOf(alice, chat.chatId) };
    const bobsMessages = await countRows("messages", bob.id);
    expectError(await app.client.call(`/api/chats/${chat.chatId}`, { as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chat.chatId}?before=${chat.a2}&limit=1`, { as: bob }), 404, "not_found");
    expectError(await app.client.call("/api/chat", { method: "POST", as: bob, body: { chatId: chat.chatId, message: "Appended by Bob" } }), 404, "not_found");
    expectError(await app.client.call("/api/chat", { method: "POST", as: bob, body: { chatId: chat.chatId, editOf: chat.q2, message: "Edited by Bob" } }), 404, "not_found");
    expectError(await app.client.call("/api/chat", { method: "POST", as: bob, body: { chatId: chat.chatId, retryOf: chat.a2 } }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chat.chatId}`, { method: "PATCH", as: bob, body: { activeMessageId: chat.q1 } }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chat.chatId}/messages/${chat.q2}`, { method: "DELETE", as: bob }), 404, "not_found");
    expect({ rows: await treeRows(chat.chatId), branch: await branchOf(alice, chat.chatId) }).toEqual(before);
    expect(await countRows("messages", bob.id)).toBe(bobsMessages);
  });

  it("cannot use Alice's message ids in his own chat", async () => {
    const chat = await twoTurns(alice);
    const own = await twoTurns(bob);
    const before = await treeRows(chat.chatId);
    expectError(await app.client.call("/api/chat", { method: "POST", as: bob, body: { chatId: own.chatId, editOf: chat.q2, message: "Borrowed" } }), 400, "invalid_input");
    expectError(await app.client.call("/api/chat", { method: "POST", as: bob, body: { chatId: own.chatId, retryOf: chat.a2 } }), 400, "invalid_input");
    expectError(await app.client.call(`/api/chats/${own.chatId}`, { method: "PATCH", as: bob, body: { activeMessageId: chat.a2 } }), 400, "invalid_input");
    expectError(await app.client.call(`/api/chats/${own.chatId}/messages/${chat.q2}`, { method: "DELETE", as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${own.chatId}?before=${chat.a2}`, { as: bob }), 400, "invalid_input");
    expect(await treeRows(chat.chatId)).toEqual(before);
    expect((await treeRows(own.chatId)).length).toBe(4);
  });
});

describe("shares and the export", () => {
  it("a share snapshots the current branch; the export holds every branch with its parents", async () => {
    const chat = await twoTurns(alice, "Shared start", "Original ending");
    const edit = await sendChat(app.client, alice, { chatId: chat.chatId, editOf: chat.q2, message: "Edited ending" });
    const share = await app.client.call(`/api/chats/${chat.chatId}/shares`, { method: "POST", as: alice });
    expect(share.status, share.text).toBe(201);
    const snapshot = await app.client.call(`/api/share/${share.json.share.token}`);
    const contents = (snapshot.json.messages as { content: string }[]).map((message) => message.content);
    expect(contents).toHaveLength(4);
    expect(contents).toContain("Edited ending");
    expect(contents).not.toContain("Original ending");

    const exported = await app.client.call("/api/account/export", { as: alice });
    const exportedChat = (exported.json.chats as { id: string; messages: ShownMessage[] }[]).find((listed) => listed.id === chat.chatId)!;
    expect(exportedChat.messages.map((message) => message.id)).toEqual([chat.q1, chat.a1, chat.q2, chat.a2, edit.meta.userMessageId, edit.meta.assistantMessageId]);
    expect(exportedChat.messages.find((message) => message.id === edit.meta.userMessageId)).toMatchObject({ parentId: chat.a1, siblingIds: [chat.q2, edit.meta.userMessageId] });
  });

  it("a copied share is one branch in the new chat", async () => {
    const chat = await twoTurns(alice);
    const share = await app.client.call(`/api/chats/${chat.chatId}/shares`, { method: "POST", as: alice });
    const copy = await app.client.call(`/api/share/${share.json.share.token}/copy`, { method: "POST", as: bob });
    expect(copy.status, copy.text).toBe(201);
    const shown = await branchOf(bob, copy.json.chat.id as string);
    expect(shown.messages).toHaveLength(4);
    expect(shown.messages.map((message) => message.parentId)).toEqual([null, ...shown.messages.slice(0, 3).map((message) => message.id)]);
  });
});
