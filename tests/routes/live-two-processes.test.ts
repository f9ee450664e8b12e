import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/next-start";
import { startSupabaseStack } from "../support/supabase-stack";
import { deltasOf, joinContiguous } from "../support/reply-deltas";

// As on Vercel, where each request may reach another instance: two `next start` processes in the
// Supabase mode on one database. Alice's reply is written by the first; the second follows it
// through Realtime (the writer's broadcasts on her private topic) and stops it through the database.
const root = path.resolve(import.meta.dirname, "../..");
let stack: Awaited<ReturnType<typeof startSupabaseStack>>;
const servers: { process: ChildProcess; baseUrl: string }[] = [];

async function startNext(): Promise<{ process: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      ...stack.env,
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "1",
      LOG_LEVEL: "silent",
      // Slow enough that the reply is still being written when the stop comes, on a busy machine too.
      OFFLINE_WORD_DELAY_MS: "60",
      RATE_LIMIT_CHAT_PER_MINUTE: "100000",
      RATE_LIMIT_API_PER_MINUTE: "100000",
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt++) {
    const up = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    if (up) return { process: child, baseUrl };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start on ${port} did not become healthy`);
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  servers.push(...(await Promise.all([startNext(), startNext()])));
}, 120_000);

afterAll(async () => {
  for (const { process: child } of servers) if (child.pid) process.kill(-child.pid, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await stack?.close();
});

interface Event {
  event: string;
  data: Record<string, unknown>;
}

/** An SSE response read as it arrives. */
function readEvents(response: Response) {
  const events: Event[] = [];
  const parser = createParser({ onEvent: (message) => events.push({ event: message.event ?? "message", data: JSON.parse(message.data) }) });
  const done = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return events;
      parser.feed(value);
    }
  })();
  return { events, done };
}

async function waitFor(accept: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!accept()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a reply written by one instance, followed and stopped from another", () => {
  it("the second instance streams it from the writer's broadcasts without a gap or repeat, and its stop ends the writer within a second", async () => {
    const [writer, other] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const signup = await fetch(`${writer.baseUrl}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `alice-${crypto.randomUUID().slice(0, 8)}@example.com`, password: "alice-password-123" }),
    });
    expect(signup.status).toBe(201);
    const { accessToken, user } = (await signup.json()) as { accessToken: string; user: { id: string } };
    const auth = { authorization: `Bearer ${accessToken}` };

    const question = `Tell me everything about ${"the long history of databases and the people who built them ".repeat(4)}`.trim();
    const turn = await fetch(`${writer.baseUrl}/api/chat`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ message: question }),
    });
    expect(turn.status).toBe(200);
    const written = readEvents(turn);
    await waitFor(() => deltasOf(written.events).length >= 10);
    const { chatId, assistantMessageId } = written.events[0]!.data as { chatId: string; assistantMessageId: string };

    // Joined after the writer's first checkpoint, so the snapshot has text.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const follow = await fetch(`${other.baseUrl}/api/chats/${chatId}/stream`, { headers: auth });
    expect(follow.status).toBe(200);
    const followed = readEvents(follow);
    await waitFor(() => deltasOf(followed.events).length >= 2);
    expect(followed.events[0]).toMatchObject({ event: "snapshot", data: { messageId: assistantMessageId } });
    // It hears the writer on the person's private Realtime topic, joined with their own token.
    expect(stack.realtime.topics()).toContain(`realtime:user:${user.id}:replies`);

    const asked = Date.now();
    const stop = await fetch(`${other.baseUrl}/api/chats/${chatId}/stop`, { method: "POST", headers: auth });
    expect(stop.status).toBe(204);
    const writerEvents = await written.done;
    const stoppedAfterMs = Date.now() - asked;
    expect(stoppedAfterMs).toBeLessThan(1000);
    expect(writerEvents.at(-1)).toMatchObject({ event: "done", data: { finishReason: "stopped" } });
    const followerEvents = await followed.done;
    expect(followerEvents.at(-1)).toMatchObject({ event: "done", data: { finishReason: "stopped" } });

    const whole = joinContiguous("", deltasOf(writerEvents));
    const snapshot = (followerEvents[0]!.data as { text: string }).text;
    expect(snapshot.length).toBeGreaterThan(0);
    expect(joinContiguous(snapshot, deltasOf(followerEvents))).toBe(whole);
    const stored = await stack.pg.query<{ status: string; content: string }>("select status, content from public.messages where id = $1", [assistantMessageId]);
    expect(stored.rows).toEqual([{ status: "stopped", content: whole }]);
    console.log(`stop from the other instance reached the writer in ${stoppedAfterMs} ms; the follower saw ${deltasOf(followerEvents).length} deltas`);
  }, 60_000);
});
