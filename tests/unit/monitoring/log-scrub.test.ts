import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The logger's real configuration, writing its lines here instead of to stdout.
const lines = vi.hoisted(() => {
  process.env.LOG_LEVEL = "info";
  return [] as string[];
});
vi.mock("pino", async (importOriginal) => {
  const pino = (await importOriginal<typeof import("pino")>()).default;
  const create = (options: object) => pino(options, { write: (line: string) => void lines.push(line) });
  return { default: Object.assign(create, pino) };
});

const { signUp } = await import("@/lib/auth/sign-up");
const { closeDb } = await import("@/lib/db/client");
const { createMessage } = await import("@/lib/db/queries/messages");
const { withService, withUser } = await import("@/lib/db/transaction");
const { routeHandlers } = await import("@/lib/http/handler");
const { logger } = await import("@/lib/monitoring/logger");

const secretText = "the-secret-message-text-4d1c";
const email = "alice-private@example.com";
let alice: { id: string; email: string };
let chatId: string;

beforeAll(async () => {
  alice = (await signUp(new Request("http://localhost/api/auth/signup"), { email, password: "alice-password", clientAddress: "192.0.2.1" })).session.user;
  chatId = await withUser(alice, async (tx) => (await tx.execute<{ id: string }>(sql`insert into chats (title) values ('logs') returning id`)).rows[0]!.id);
});
afterAll(() => closeDb());
beforeEach(() => {
  lines.length = 0;
});

const output = () => lines.join("");

describe("log lines of database errors", () => {
  it("a route whose query fails on Alice's message logs the failure without the message text or her email", async () => {
    const { POST } = routeHandlers("/api/test", {
      // 8,001 characters: the database's check refuses the row, and drizzle's error quotes the parameters.
      POST: async () => {
        await withUser(alice, (tx) => createMessage(tx, { chatId, userId: alice.id, role: "user", content: `${secretText} ${email} ${"x".repeat(8001)}`, status: "complete" }));
        return new Response(null, { status: 204 });
      },
    });
    const response = await POST(new Request("http://localhost/api/test", { method: "POST" }), { params: Promise.resolve({}) });
    expect(response.status).toBe(500);

    const errorLine = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.level === 50)!;
    expect(errorLine).toMatchObject({ code: "internal", requestId: response.headers.get("x-request-id") });
    expect(errorLine.msg).toMatch(/^Failed query: insert into "messages".*params: \[redacted\]$/s);
    expect(JSON.stringify(errorLine.err)).toContain("params: [redacted]");
    expect(JSON.stringify(errorLine.err)).toContain("messages_content_length");
    expect(output()).not.toContain(secretText);
    expect(output()).not.toContain(email);
    expect(output()).not.toContain("xxxxxxxx");
  });

  it("an email in a unique violation stays out: drizzle's error, the driver's own error (its detail) and an error's message logged as text", async () => {
    const failure = await withService("auth.signup", (tx) =>
      tx.execute(sql`insert into auth.users (email, encrypted_password) values (${email.toUpperCase()}, ${secretText})`),
    ).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    logger.error({ err: failure }, "signing up failed");
    logger.error({ err: failure!.cause }, "signing up failed (driver)");
    logger.warn({ err: failure!.message }, "signing up failed (text)");
    expect(lines).toHaveLength(3);
    expect(output()).toContain("users_email_key");
    expect(output().toLowerCase()).not.toContain(email);
    expect(output()).not.toContain(secretText);
  });
});
