import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-charges-"));
process.env.PGLITE_DATA_DIR = path.join(workDir, "pglite");
// OpenAI's price table applies only when a provider is configured; nothing is called here.
process.env.OPENAI_API_KEY = "sk-test-not-used";
// Imported after the variables are set: the environment is read once per process.
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { settleAbandonedCharges } = await import("@/lib/usage/settle-abandoned-charges");
const { boot } = await import("@/lib/boot");

const carol = "11111111-1111-4111-8111-111111111111";
const chat = "22222222-2222-4222-8222-222222222222";

afterAll(async () => {
  await closeDb();
  fs.rmSync(workDir, { recursive: true, force: true });
});

beforeAll(async () => {
  const pg = await getEmbeddedDatabase();
  await pg.exec(`
    insert into auth.users (id, email, encrypted_password) values ('${carol}', 'carol@example.com', 'x');
    insert into chats (id, user_id, title) values ('${chat}', '${carol}', 'budget');
  `);
});

interface ChargeRow {
  status: string;
  input_tokens: number;
  output_tokens: number;
  cost_micro_usd: number;
}

async function addReply(reply: { content: string; status: string; usage?: [number, number, number] }): Promise<string> {
  const pg = await getEmbeddedDatabase();
  const [input, output, cost] = reply.usage ?? [null, null, null];
  const rows = await pg.query<{ id: string }>(
    `insert into messages (chat_id, user_id, role, content, status, input_tokens, output_tokens, cost_micro_usd)
     values ($1, $2, 'assistant', $3, $4, $5, $6, $7) returning id`,
    [chat, carol, reply.content, reply.status, input, output, cost],
  );
  return rows.rows[0]!.id;
}

async function addCharge(charge: { model?: string; max: number; minutesAgo: number; status?: string; messageId?: string; promptTokens?: number }): Promise<string> {
  const pg = await getEmbeddedDatabase();
  const rows = await pg.query<{ id: string }>(
    `insert into usage_charges (user_id, model, max_cost_micro_usd, status, message_id, prompt_tokens, created_at)
     values ($1, $2, $3, $4, $5, $6, now() - make_interval(mins => $7)) returning id`,
    [carol, charge.model ?? "gpt-4.1", charge.max, charge.status ?? "reserved", charge.messageId ?? null, charge.promptTokens ?? null, charge.minutesAgo],
  );
  return rows.rows[0]!.id;
}

async function chargeById(id: string): Promise<ChargeRow> {
  const pg = await getEmbeddedDatabase();
  const rows = await pg.query<ChargeRow>("select status, input_tokens::int, output_tokens::int, cost_micro_usd::int from usage_charges where id = $1", [id]);
  return rows.rows[0]!;
}

async function committedMicroUsd(): Promise<number> {
  const pg = await getEmbeddedDatabase();
  const rows = await pg.query<{ committed: number }>(
    `select coalesce(sum(case when status = 'reserved' then max_cost_micro_usd else cost_micro_usd end), 0)::int as committed
     from usage_charges where user_id = $1`,
    [carol],
  );
  return rows.rows[0]!.committed;
}

describe("settleAbandonedCharges", () => {
  it("settles old reservations to the charge's own record, capped at the reservation; releases turns never stored; leaves the rest alone", async () => {
    // The reply row says it cost 600, but the ledger does not take figures from a row written in the
    // user's transaction: the charge's own prompt size and the reply's length are what it bills.
    const recorded = await addCharge({ max: 50_000, minutesAgo: 20, promptTokens: 900, messageId: await addReply({ content: "done", status: "complete", usage: [100, 50, 600] }) });
    // A reply row claiming far more than was reserved is billed the reservation at most.
    const inflated = await addCharge({ max: 50_000, minutesAgo: 20, promptTokens: 1000, messageId: await addReply({ content: "w".repeat(40_000), status: "complete", usage: [5_000_000, 5_000_000, 9_999_999] }) });
    // Cut off by a crash: 400 characters saved (about 100 tokens) of a reply to a 1000-token prompt (GPT-4.1: $2 and $8 per MTok).
    const cutOff = await addCharge({ max: 50_000, minutesAgo: 20, promptTokens: 1000, messageId: await addReply({ content: "x".repeat(400), status: "error" }) });
    // The estimate never exceeds what was reserved.
    const capped = await addCharge({ max: 1_000, minutesAgo: 20, promptTokens: 1000, messageId: await addReply({ content: "y".repeat(40_000), status: "error" }) });
    // Stored, but its chat was deleted since: the prompt is still known.
    const replyDeleted = await addCharge({ max: 50_000, minutesAgo: 20, promptTokens: 500 });
    // A model this deployment no longer prices keeps its reserved maximum.
    const unpriced = await addCharge({ model: "retired-model", max: 7_000, minutesAgo: 20, promptTokens: 10, messageId: await addReply({ content: "z", status: "error" }) });
    // Died between the reservation and storing the turn: never reached the model.
    const neverStored = await addCharge({ max: 50_000, minutesAgo: 20 });
    // Still within the chat route's time, or already closed: not ours to touch.
    const recent = await addCharge({ max: 50_000, minutesAgo: 3, promptTokens: 1000 });
    const settled = await addCharge({ max: 50_000, minutesAgo: 20, status: "released" });
    const before = await committedMicroUsd();

    expect(await settleAbandonedCharges()).toEqual({ settled: 6, released: 1 });

    expect(await chargeById(recorded)).toEqual({ status: "settled", input_tokens: 900, output_tokens: 1, cost_micro_usd: 900 * 2 + 1 * 8 });
    expect(await chargeById(inflated)).toEqual({ status: "settled", input_tokens: 1000, output_tokens: 10_000, cost_micro_usd: 50_000 });
    expect(await chargeById(cutOff)).toEqual({ status: "settled", input_tokens: 1000, output_tokens: 100, cost_micro_usd: 1000 * 2 + 100 * 8 });
    expect(await chargeById(capped)).toEqual({ status: "settled", input_tokens: 1000, output_tokens: 10_000, cost_micro_usd: 1_000 });
    expect(await chargeById(replyDeleted)).toEqual({ status: "settled", input_tokens: 500, output_tokens: 0, cost_micro_usd: 500 * 2 });
    expect(await chargeById(unpriced)).toEqual({ status: "settled", input_tokens: 10, output_tokens: 1, cost_micro_usd: 7_000 });
    expect(await chargeById(neverStored)).toEqual({ status: "released", input_tokens: 0, output_tokens: 0, cost_micro_usd: 0 });
    expect(await chargeById(recent)).toMatchObject({ status: "reserved", cost_micro_usd: 0 });
    expect(await chargeById(settled)).toMatchObject({ status: "released" });
    expect(before - (await committedMicroUsd())).toBe(50_000 * 5 + 1_000 + 7_000 - (1_808 + 50_000 + 2_800 + 1_000 + 1_000 + 7_000));

    // A second sweep (another process, or the next run) finds nothing left to do.
    expect(await settleAbandonedCharges()).toEqual({ settled: 0, released: 0 });
    expect(await chargeById(recent)).toMatchObject({ status: "reserved" });
  });

  it("at the next open, settles every reservation the crashed process left, however recent", async () => {
    const reply = await addReply({ content: "x".repeat(40), status: "streaming" });
    const open = await addCharge({ max: 50_000, minutesAgo: 0, promptTokens: 200, messageId: reply });
    await closeDb();

    await boot({ worker: false });
    const reopened = await getEmbeddedDatabase();
    expect(await chargeById(open)).toEqual({ status: "settled", input_tokens: 200, output_tokens: 10, cost_micro_usd: 200 * 2 + 10 * 8 });
    const replies = await reopened.query<{ status: string; error_code: string }>("select status, error_code from messages where id = $1", [reply]);
    expect(replies.rows).toEqual([{ status: "error", error_code: "interrupted" }]);
  });
});
