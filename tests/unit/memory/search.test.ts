import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => Object.assign(process.env, { EMBEDDINGS_MODEL: "offline-hash" }));

const { signUp } = await import("@/lib/auth/sign-up");
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { hashEmbedding } = await import("@/lib/memory/embeddings/offline-hash");
const { toVectorLiteral } = await import("@/lib/memory/embeddings/provider");
const { searchMemory } = await import("@/lib/memory/search");

type Person = { id: string; email: string };
const people: Record<"light" | "heavy", Person> = {} as never;
const notes = (count: number, about: string) => Array.from({ length: count }, (_, index) => `note ${index} ${about} ${index % 7 ? "tea" : "coffee"}`);

/** Stores messages with their vectors directly, as the worker would, in one chat. */
async function store(person: Person, texts: string[]) {
  const pg = await getEmbeddedDatabase();
  const chat = await pg.query<{ id: string }>("insert into chats (user_id, title) values ($1, 'notes') returning id", [person.id]);
  const ids = await pg.query<{ id: string }>(
    "insert into messages (chat_id, user_id, role, content) select $1, $2, 'user', unnest($3::text[]) returning id",
    [chat.rows[0]!.id, person.id, texts],
  );
  for (const [index, row] of ids.rows.entries()) {
    await pg.query("insert into message_embeddings (message_id, user_id, chat_id, model, embedding) values ($1, $2, $3, 'offline-hash', $4)", [
      row.id,
      person.id,
      chat.rows[0]!.id,
      toVectorLiteral(hashEmbedding(texts[index]!)),
    ]);
  }
  return ids.rows.map((row) => row.id);
}

beforeAll(async () => {
  for (const name of ["light", "heavy"] as const) {
    const email = `${name}@example.com`;
    people[name] = (await signUp(new Request("http://localhost/api/auth/signup"), { email, password: `${name}-password`, clientAddress: "192.0.2.1" })).session.user;
  }
});
afterAll(closeDb);

// Up to 300 vectors a user is searched by an exact scan, above it through the HNSW index.
describe("memory search, on either side of the exact-scan bound", () => {
  it("finds a light user's message among their 50", async () => {
    const ids = await store(people.light, [...notes(49, "gardening"), "the zeppelin hangar inventory spreadsheet"]);
    const [best] = await searchMemory(people.light, { query: "zeppelin hangar spreadsheet", limit: 10 });
    expect(best?.messageId).toBe(ids.at(-1));
  });

  it("finds a heavy user's message among their 400, best first", async () => {
    const texts = [...notes(399, "sailing"), "the zeppelin hangar inventory spreadsheet"];
    const ids = await store(people.heavy, texts);
    const results = await searchMemory(people.heavy, { query: "sailing note 12 coffee", limit: 10 });
    expect(results).toHaveLength(10);
    expect(results.map((result) => result.similarity)).toEqual(results.map((result) => result.similarity).sort((a, b) => b - a));
    const [best] = await searchMemory(people.heavy, { query: "zeppelin hangar spreadsheet", limit: 10 });
    expect(best?.messageId).toBe(ids.at(-1));
    expect(results.every((result) => ids.includes(result.messageId))).toBe(true);
  });
});
