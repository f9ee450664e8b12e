import { beforeAll, describe, expect, it } from "vitest";
import { sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;
let ops: Person;
const secret = "the vault code is 4471-quokka";
const ids = {} as { vote: string; formula: string; memory: string; bobPlus: string };

const inbox = (query = "", as: Person | null = ops) => app.client.call(`/api/admin/feedback${query}`, { as });
const csv = (query = "", as: Person | null = ops) => app.client.call(`/api/admin/feedback.csv${query}`, { as });
const review = (id: string, body: unknown, as: Person | null = ops) => app.client.call(`/api/admin/feedback/${id}`, { method: "PATCH", as, body });
const idsOf = (answer: { json: { items: { id: string }[] } }) => answer.json.items.map((item) => item.id);

async function sendFeedback(as: Person, body: Record<string, unknown>): Promise<string> {
  const sent = await app.client.call("/api/feedback", { method: "POST", as, body });
  expect(sent.status, sent.text).toBe(201);
  return sent.json.id;
}

async function reviewRows(): Promise<{ feedback_id: string; reviewed_by: string }[]> {
  const pg = await database();
  return (await pg.query<{ feedback_id: string; reviewed_by: string }>("select feedback_id, reviewed_by from private.feedback_reviews order by feedback_id")).rows;
}

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  ops = await app.client.signUp("Ops");
  expect(await grantAdmin(ops.email)).toBe(ops.id);

  const chat = await sendChat(app.client, alice, { message: secret });
  ids.vote = await sendFeedback(alice, { messageId: chat.meta.assistantMessageId, vote: "down", comment: "It forgot the first half" });
  ids.formula = await sendFeedback(alice, { rating: 2, comment: '=HYPERLINK("http://evil.example","click")', page: "/chat/abc" });
  ids.memory = await sendFeedback(alice, { rating: 5, comment: "Love the memory search, 100%_done", page: "/memory" });
  ids.bobPlus = await sendFeedback(bob, { rating: 4, comment: "+1 for the dark mode", page: "/settings" });
  // Bob's rating was sent on the 1st of November (UTC), the others today.
  const pg = await database();
  await pg.query("update public.feedback set created_at = '2026-11-01T12:00:00Z' where id = $1", [ids.bobPlus]);
});

describe("the feedback inbox: who may use it", () => {
  it("answers 401 signed out, on the list, the export and the review", async () => {
    expectError(await inbox("", null), 401, "unauthorized");
    expectError(await csv("", null), 401, "unauthorized");
    expectError(await review(ids.vote, { reviewed: true }, null), 401, "unauthorized");
  });

  it("refuses Alice, who is not an admin, with 403 everywhere, and her review changes nothing", async () => {
    expectError(await inbox("", alice), 403, "forbidden");
    expectError(await inbox("?kind=vote", alice), 403, "forbidden");
    expectError(await csv("", alice), 403, "forbidden");
    expectError(await review(ids.formula, { reviewed: true }, alice), 403, "forbidden");
    expect(await reviewRows()).toEqual([]);
  });

  it("refuses filters that are not filters with 400, and the export likewise", async () => {
    for (const query of [
      "?kind=both", "?rating=6", "?rating=0", "?rating=4.5", "?vote=sideways", "?reviewed=maybe", "?from=2026-13-01", "?to=yesterday",
      "?from=2026-12-02&to=2026-11-01", "?kind=vote&rating=3", "?kind=rating&model=offline", "?page=chat", "?limit=0", "?limit=101",
      "?cursor=not-a-cursor", `?q=${"x".repeat(201)}`, "?user=alice", "?q=%00",
    ]) {
      expectError(await inbox(query), 400, "invalid_input");
    }
    for (const query of ["?kind=both", "?rating=9", "?cursor=abc", "?limit=5"]) expectError(await csv(query), 400, "invalid_input");
  });
});

describe("the feedback inbox: what an admin finds", () => {
  it("lists every rating and vote of every user, newest first, with who sent it", async () => {
    const answer = await inbox("?reviewed=false");
    expect(answer.status).toBe(200);
    expect(idsOf(answer)).toEqual([ids.memory, ids.formula, ids.vote, ids.bobPlus]);
    expect(answer.json.nextCursor).toBeNull();
    expect(answer.json.items.at(-1)).toMatchObject({ kind: "rating", rating: 4, page: "/settings", userId: bob.id, email: bob.email, reviewed: false, reviewedAt: null });
  });

  it("shows a vote with its model and when, never the conversation", async () => {
    const answer = await inbox("?kind=vote");
    expect(answer.json.items).toEqual([
      { id: ids.vote, kind: "vote", vote: "down", model: "offline", comment: "It forgot the first half", createdAt: expect.any(String), userId: alice.id, email: alice.email, reviewed: false, reviewedAt: null },
    ]);
    expect(answer.text).not.toContain("4471-quokka");
    expect((await csv("?kind=vote")).text).not.toContain("4471-quokka");
  });

  it("filters by rating, vote, page, model, day and words in the comment", async () => {
    expect(idsOf(await inbox("?rating=5"))).toEqual([ids.memory]);
    expect(idsOf(await inbox("?kind=rating&rating=2"))).toEqual([ids.formula]);
    expect(idsOf(await inbox("?vote=down"))).toEqual([ids.vote]);
    expect(idsOf(await inbox("?vote=up"))).toEqual([]);
    // A page finds the pages under it too.
    expect(idsOf(await inbox("?page=/chat"))).toEqual([ids.formula]);
    expect(idsOf(await inbox("?page=/settings"))).toEqual([ids.bobPlus]);
    expect(idsOf(await inbox("?model=offline"))).toEqual([ids.vote]);
    expect(idsOf(await inbox("?model=gpt-4o"))).toEqual([]);
    expect(idsOf(await inbox("?q=MEMORY"))).toEqual([ids.memory]);
    // % and _ are letters in a search, not wildcards.
    expect(idsOf(await inbox("?q=100%25_done"))).toEqual([ids.memory]);
    expect(idsOf(await inbox("?q=%25"))).toEqual([ids.memory]);
    expect(idsOf(await inbox("?q=_"))).toEqual([ids.memory]);
    // Days are UTC and both ends are included.
    expect(idsOf(await inbox("?from=2026-11-01&to=2026-11-01"))).toEqual([ids.bobPlus]);
    expect(idsOf(await inbox("?to=2026-10-31"))).toEqual([]);
    expect(idsOf(await inbox("?from=2026-11-02"))).toEqual([ids.memory, ids.formula, ids.vote]);
    // An empty box is no filter.
    expect(idsOf(await inbox("?q=&page=&model="))).toHaveLength(4);
  });

  it("pages with a cursor: each item once, in order", async () => {
    const first = await inbox("?limit=3");
    expect(idsOf(first)).toEqual([ids.memory, ids.formula, ids.vote]);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await inbox(`?limit=3&cursor=${first.json.nextCursor}`);
    expect(idsOf(second)).toEqual([ids.bobPlus]);
    expect(second.json.nextCursor).toBeNull();
    // The cursor goes with the filters: a filtered second page holds only matches.
    const ratings = await inbox("?kind=rating&limit=1");
    const next = await inbox(`?kind=rating&limit=1&cursor=${ratings.json.nextCursor}`);
    expect([...idsOf(ratings), ...idsOf(next)]).toEqual([ids.memory, ids.formula]);
  });

  it("exports the same filter as CSV, with text a spreadsheet would run neutralised", async () => {
    const response = await csv("?kind=rating");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="feedback.csv"');
    const lines = response.text.trim().split("\n");
    expect(lines[0]).toBe("id,created_at,kind,rating,vote,model,page,comment,user_id,email,reviewed_at");
    expect(lines).toHaveLength(4);
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(response.text).toContain(",'+1 for the dark mode,");
    expect(response.text).not.toMatch(/(^|,)[=+@-]/m);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([ids.memory, ids.formula, ids.bobPlus]);
    const votes = (await csv("?kind=vote")).text.trim().split("\n");
    expect(votes[1]).toContain(",vote,,down,offline,,It forgot the first half,");
  });
});

describe("marking feedback reviewed", () => {
  it("toggles: reviewed leaves the unreviewed list and comes back when unmarked", async () => {
    const marked = await review(ids.formula, { reviewed: true });
    expect(marked.status).toBe(200);
    expect(marked.json).toEqual({ id: ids.formula, reviewed: true, reviewedAt: expect.any(String) });
    expect(await reviewRows()).toEqual([{ feedback_id: ids.formula, reviewed_by: ops.id }]);
    expect(idsOf(await inbox("?reviewed=false"))).not.toContain(ids.formula);
    expect(idsOf(await inbox("?reviewed=true"))).toEqual([ids.formula]);
    expect((await inbox("?reviewed=true")).json.items[0]).toMatchObject({ reviewed: true, reviewedAt: marked.json.reviewedAt });
    expect((await csv("?reviewed=true")).text).toContain(marked.json.reviewedAt);

    // Marking again keeps the first review.
    expect((await review(ids.formula, { reviewed: true })).json.reviewedAt).toBe(marked.json.reviewedAt);

    const unmarked = await review(ids.formula, { reviewed: false });
    expect(unmarked.json).toEqual({ id: ids.formula, reviewed: false, reviewedAt: null });
    expect(await reviewRows()).toEqual([]);
    expect(idsOf(await inbox("?reviewed=false"))).toContain(ids.formula);
  });

  it("does not let Alice see or change her feedback's review through her own feedback routes", async () => {
    await review(ids.memory, { reviewed: true });
    const own = await app.client.call("/api/account/export", { as: alice });
    expect(own.status).toBe(200);
    expect(own.text).not.toContain("reviewed_by");
    expect(await reviewRows()).toEqual([{ feedback_id: ids.memory, reviewed_by: ops.id }]);
    await review(ids.memory, { reviewed: false });
  });

  it("answers 404 for feedback that does not exist, 400 for a bad body, and changes nothing", async () => {
    expectError(await review(crypto.randomUUID(), { reviewed: true }), 404, "not_found");
    expectError(await review("not-a-uuid", { reviewed: true }), 404, "not_found");
    for (const body of [{}, { reviewed: "yes" }, { reviewed: true, note: "x" }, { reviewed: null }]) {
      expectError(await review(ids.vote, body), 400, "invalid_input");
    }
    expect(await reviewRows()).toEqual([]);
  });

  it("goes with the feedback: withdrawing a reviewed vote removes its review", async () => {
    await review(ids.vote, { reviewed: true });
    const pg = await database();
    await pg.query("delete from public.feedback where id = $1", [ids.vote]);
    expect(await reviewRows()).toEqual([]);
  });
});
