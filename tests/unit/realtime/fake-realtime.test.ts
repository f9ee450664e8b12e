import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import WebSocket from "ws";
import { startSupabaseStack } from "../../support/supabase-stack";

// The fake Supabase Realtime (tests/fakes/realtime.ts), held to what supabase-js needs of it and to
// what Realtime refuses: rows a subscriber's policies hide, columns it may not select, private
// topics without a policy. Node 20 has no WebSocket of its own; supabase-js takes `ws` as its transport.

type Stack = Awaited<ReturnType<typeof startSupabaseStack>>;
let stack: Stack;
// Writes go over the wire as a server's do: PGlite is one session, and a direct call could land
// inside a transaction that the fake has open.
let db: postgres.Sql;
const clients: SupabaseClient[] = [];

async function signedIn(email: string): Promise<{ client: SupabaseClient; id: string }> {
  const client = createClient(stack.env.NEXT_PUBLIC_SUPABASE_URL, stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  clients.push(client);
  const { data, error } = await client.auth.signUp({ email, password: "correct horse battery staple" });
  if (error || !data.session) throw error ?? new Error("no session");
  await client.realtime.setAuth(data.session.access_token);
  return { client, id: data.user!.id };
}

/** Subscribes and resolves with the status the server's join reply led to. */
function subscribed(channel: RealtimeChannel): Promise<{ status: string; error?: Error }> {
  return new Promise((resolve) => channel.subscribe((status, error) => status !== "CLOSED" && resolve({ status, error })));
}

/** Collects what `listen` hands it; `settled` waits long enough for anything on its way to arrive. */
function collector<T>() {
  const seen: T[] = [];
  return { seen, push: (item: T) => void seen.push(item), until: (count: number) => expect.poll(() => seen.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(count) };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

beforeAll(async () => {
  stack = await startSupabaseStack();
  db = postgres(stack.env.DATABASE_URL, { prepare: false, max: 1, onnotice: () => {} });
});
afterAll(async () => {
  for (const client of clients) await client.removeAllChannels();
  await db?.end({ timeout: 1 });
  await stack?.close();
});

describe("postgres_changes", () => {
  it("sends a person the changes to their own rows, with only the columns their role may read, and a delete to everyone", async () => {
    const alice = await signedIn("alice-rt@example.com");
    const bob = await signedIn("bob-rt@example.com");
    const forAlice = collector<{ eventType: string; new: Record<string, unknown>; old: Record<string, unknown> }>();
    const forBob = collector<{ eventType: string; new: Record<string, unknown>; old: Record<string, unknown> }>();
    // Bob asks for Alice's rows by her id: row level security still decides.
    for (const [person, sink] of [
      [alice, forAlice],
      [bob, forBob],
    ] as const) {
      const channel = person.client
        .channel(`changes:${person.id}`)
        .on("postgres_changes", { event: "*", schema: "public", table: "chats", filter: `user_id=eq.${alice.id}` }, (payload) => sink.push(payload as never));
      expect(await subscribed(channel)).toEqual({ status: "SUBSCRIBED", error: undefined });
    }

    const [chat] = await db<{ id: string }[]>`insert into public.chats (user_id, title) values (${alice.id}, 'private plans') returning id`;
    await forAlice.until(1);
    expect(forAlice.seen[0]).toMatchObject({ eventType: "INSERT", new: { id: chat!.id, user_id: alice.id } });
    // authenticated may select (id, user_id) of chats, not the title.
    expect(Object.keys(forAlice.seen[0]!.new).sort()).toEqual(["id", "user_id"]);

    await db`delete from public.chats where id = ${chat!.id}`;
    await forAlice.until(2);
    await forBob.until(1);
    expect(forAlice.seen[1]).toMatchObject({ eventType: "DELETE", old: { id: chat!.id } });
    expect(forBob.seen).toEqual([expect.objectContaining({ eventType: "DELETE", old: { id: chat!.id } })]);
  });

  it("sends nothing to a channel that only the publishable key opened (anon reads no row)", async () => {
    const alice = await signedIn("alice-anon@example.com");
    const anonymous = createClient(stack.env.NEXT_PUBLIC_SUPABASE_URL, stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
      auth: { persistSession: false },
      realtime: { transport: WebSocket as never },
    });
    clients.push(anonymous);
    const sink = collector<unknown>();
    const channel = anonymous.channel("peek").on("postgres_changes", { event: "INSERT", schema: "public", table: "chats" }, sink.push);
    expect((await subscribed(channel)).status).toBe("SUBSCRIBED");
    await db`insert into public.chats (user_id, title) values (${alice.id}, 'seen by nobody')`;
    await settle();
    expect(sink.seen).toEqual([]);
  });
});

describe("broadcast", () => {
  it("passes a client's broadcast on a public channel to the other subscribers, not back to the sender", async () => {
    const alice = await signedIn("alice-bc@example.com");
    const bob = await signedIn("bob-bc@example.com");
    const toAlice = collector<{ payload: unknown }>();
    const toBob = collector<{ payload: unknown }>();
    const aliceChannel = alice.client.channel("room:lobby").on("broadcast", { event: "wave" }, toAlice.push);
    const bobChannel = bob.client.channel("room:lobby").on("broadcast", { event: "wave" }, toBob.push);
    await subscribed(aliceChannel);
    await subscribed(bobChannel);
    expect(await aliceChannel.send({ type: "broadcast", event: "wave", payload: { from: "alice" } })).toBe("ok");
    await toBob.until(1);
    expect(toBob.seen[0]).toMatchObject({ payload: { from: "alice" } });
    await settle();
    expect(toAlice.seen).toEqual([]);
  });

  it("refuses a private channel until a policy on realtime.messages lets the subscriber read its topic", async () => {
    const alice = await signedIn("alice-private@example.com");
    const bob = await signedIn("bob-private@example.com");
    const topic = `user:${alice.id}`;
    // supabase-js hands out one channel per topic: a refused one is removed before the next try.
    const first = alice.client.channel(topic, { config: { private: true } });
    const refused = await subscribed(first);
    expect(refused.status).toBe("CHANNEL_ERROR");
    expect(String(refused.error)).toContain("Unauthorized");
    await alice.client.removeChannel(first);

    await db.unsafe(`create policy "test: a person's own topic" on realtime.messages for select to authenticated
      using (realtime.topic() = 'user:' || (select auth.uid())::text)`);
    try {
      const sink = collector<{ event: string; payload: unknown }>();
      const channel = alice.client.channel(topic, { config: { private: true } }).on("broadcast", { event: "*" }, sink.push);
      expect((await subscribed(channel)).status).toBe("SUBSCRIBED");
      expect((await subscribed(bob.client.channel(topic, { config: { private: true } }))).status).toBe("CHANNEL_ERROR");

      // From the database, as a server's transaction would send it.
      await db`select realtime.send(${db.json({ offset: 0, text: "Hel" })}, 'delta', ${topic}, true)`;
      // From the REST API with the secret key, which no policy binds.
      const rest = await fetch(`${stack.env.NEXT_PUBLIC_SUPABASE_URL}/realtime/v1/api/broadcast`, {
        method: "POST",
        headers: { apikey: stack.gotrue.secretKey, authorization: `Bearer ${stack.gotrue.secretKey}`, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ topic, event: "delta", payload: { offset: 3, text: "lo" }, private: true }] }),
      });
      expect(rest.status).toBe(202);
      await sink.until(2);
      // Two paths, no order between them.
      expect(sink.seen.map((message) => message.payload).sort((a, b) => (a as { offset: number }).offset - (b as { offset: number }).offset)).toEqual([
        { offset: 0, text: "Hel" },
        { offset: 3, text: "lo" },
      ]);
      // Alice's own token may not send: no policy lets authenticated insert.
      const own = await fetch(`${stack.env.NEXT_PUBLIC_SUPABASE_URL}/realtime/v1/api/broadcast`, {
        method: "POST",
        headers: { apikey: stack.gotrue.publishableKey, authorization: `Bearer ${(await alice.client.auth.getSession()).data.session!.access_token}`, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ topic, event: "delta", payload: { forged: true }, private: true }] }),
      });
      expect(own.status).toBe(202);
      await settle();
      expect(sink.seen).toHaveLength(2);
    } finally {
      await db.unsafe(`drop policy "test: a person's own topic" on realtime.messages`);
    }
  });

  it("refuses public channels when public access is off", async () => {
    const alice = await signedIn("alice-public@example.com");
    stack.realtime.allowPublicAccess = false;
    try {
      expect((await subscribed(alice.client.channel("room:open"))).status).toBe("CHANNEL_ERROR");
    } finally {
      stack.realtime.allowPublicAccess = true;
    }
  });
});
