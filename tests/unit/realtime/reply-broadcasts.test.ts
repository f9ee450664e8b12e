import { createClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { startSupabaseStack } from "../../support/supabase-stack";

// Live replies between instances in the Supabase mode: the writer's broadcasts from the database
// (realtime.send on the server's connection), heard through the fake Realtime on the person's
// private topic, which the migration's policy opens to them alone.
const stack = await startSupabaseStack();
vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", stack.env.NEXT_PUBLIC_SUPABASE_URL);
vi.stubEnv("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY);
vi.stubEnv("DATABASE_URL", stack.env.DATABASE_URL);
const { ReplyBroadcaster, broadcastEveryMs } = await import("@/lib/realtime/reply-broadcasts");
const { followReplyBroadcasts } = await import("@/lib/realtime/follow-reply-broadcasts");
const { closeDb } = await import("@/lib/db/client");

async function signUp(email: string) {
  const client = createClient(stack.env.NEXT_PUBLIC_SUPABASE_URL, stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as never },
  });
  const { data, error } = await client.auth.signUp({ email, password: "correct horse battery staple" });
  if (error || !data.session) throw error ?? new Error("no session");
  return { id: data.user!.id, accessToken: data.session.access_token };
}

const follow = (person: { id: string; accessToken: string }, owner: { id: string }, messageId: string) => {
  const heard: { deltas: { offset: number; text: string }[]; ended: number } = { deltas: [], ended: 0 };
  const joined = followReplyBroadcasts(
    { url: stack.env.NEXT_PUBLIC_SUPABASE_URL, publishableKey: stack.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, accessToken: person.accessToken, userId: owner.id, messageId },
    { delta: ({ offset, text }) => heard.deltas.push({ offset, text }), end: () => heard.ended++, lost: () => {} },
  );
  return { heard, joined };
};

afterAll(async () => {
  await closeDb();
  await stack.close();
});

describe("live reply broadcasts", () => {
  it("reach the person's follower in order, gathered a few times a second, then end", async () => {
    const alice = await signUp("alice-live@example.com");
    const messageId = crypto.randomUUID();
    const { heard, joined } = follow(alice, alice, messageId);
    const leave = await joined;
    const writer = new ReplyBroadcaster(alice.id, messageId);
    let offset = 0;
    for (const word of ["Hello", " there", ",", " Alice"]) {
      writer.append(word, offset);
      offset += word.length;
    }
    await new Promise((resolve) => setTimeout(resolve, broadcastEveryMs * 2));
    writer.append(".", offset);
    await writer.end();
    await expect.poll(() => heard.ended, { timeout: 5_000 }).toBe(1);
    expect(heard.deltas).toEqual([
      { offset: 0, text: "Hello there, Alice" },
      { offset: 18, text: "." },
    ]);
    await leave();
  });

  it("never reach another account: Bob cannot join Alice's topic, even with her reply's id", async () => {
    const alice = await signUp("alice-live2@example.com");
    const bob = await signUp("bob-live2@example.com");
    const { joined } = follow(bob, alice, crypto.randomUUID());
    await expect(joined).rejects.toThrow(/Unauthorized/);
  });
});
