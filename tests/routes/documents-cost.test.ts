import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateTokens } from "@/lib/ai/tokens";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai";
import type { Person } from "../support/client";
import { uploadFile, waitForIndexing } from "../support/documents";
import { database, setUpAppServer } from "../support/route-suite";

// Embedding with OpenAI's priced model (the fake speaks its API): $0.02 per million tokens, so a
// micro-dollar is 50 tokens. The free plan's budget here is 100 micro-dollars.
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
});

const app = setUpAppServer(() => ({
  OPENAI_API_KEY: "sk-fake-key-for-tests",
  OPENAI_BASE_URL: fake.baseURL,
  EMBEDDINGS_MODEL: "text-embedding-3-small",
  DOCUMENTS_DIR: mkdtempSync(path.join(tmpdir(), "mneme-documents-cost-")),
  PLAN_FREE_MONTHLY_BUDGET_USD: "0.0001",
  JOBS_RETRY_BASE_MS: "50",
}));

let alice: Person;
beforeAll(async () => {
  alice = await app.client.signUp("Alice");
});

/** Words enough for `tokens` tokens as the app counts them (four characters a token). */
const textOf = (tokens: number, word = "lighthouse") => Array.from({ length: Math.ceil((tokens * 4) / (word.length + 1)) }, () => word).join(" ");

async function chargesOf(person: Person, documentId: string) {
  const pg = await database();
  const { rows } = await pg.query<{ status: string; input_tokens: string; cost_micro_usd: string; max_cost_micro_usd: string; model: string; kind: string }>(
    "select status, input_tokens, cost_micro_usd, max_cost_micro_usd, model, kind from public.usage_charges where user_id = $1 and document_id = $2 order by created_at",
    [person.id, documentId],
  );
  return rows.map((row) => ({ ...row, input_tokens: Number(row.input_tokens), cost_micro_usd: Number(row.cost_micro_usd), max_cost_micro_usd: Number(row.max_cost_micro_usd) }));
}

async function passageTokens(documentId: string) {
  const pg = await database();
  const { rows } = await pg.query<{ content: string }>("select content from public.document_chunks where document_id = $1", [documentId]);
  return rows.reduce((sum, row) => sum + estimateTokens(row.content), 0);
}

describe("what embedding a document costs", () => {
  it("is charged to the owner exactly: the tokens of its passages at the model's price, settled once", async () => {
    const upload = await uploadFile(app.baseUrl, alice, { bytes: Buffer.from(textOf(1200)), name: "lighthouses.txt" });
    expect(upload.status, upload.text).toBe(201);
    const document = await waitForIndexing(app.client.call, alice, upload.json.document.id);
    expect(document.status).toBe("ready");

    const tokens = await passageTokens(document.id);
    expect(tokens).toBeGreaterThanOrEqual(1200);
    expect(await chargesOf(alice, document.id)).toEqual([
      { status: "settled", kind: "document", model: "text-embedding-3-small", input_tokens: tokens, cost_micro_usd: Math.round(tokens * 0.02), max_cost_micro_usd: Math.round(tokens * 0.02) },
    ]);
    expect(fake.embeddingRequests.length).toBeGreaterThan(0);

    // A document charge is spend, not a chat turn: the month's turns stay at none.
    const usage = await app.client.call("/api/usage", { as: alice });
    expect(usage.status).toBe(200);
    expect(usage.json.totals.costUsd).toBeCloseTo(Math.round(tokens * 0.02) / 1_000_000, 8);
  });

  it("a failed embeddings request is retried; what is charged stays exact", async () => {
    fake.behavior.embeddingFailures = 1;
    const upload = await uploadFile(app.baseUrl, alice, { bytes: Buffer.from(textOf(300, "harbour")), name: "harbour.txt" });
    const document = await waitForIndexing(app.client.call, alice, upload.json.document.id);
    expect(document.status).toBe("ready");
    const tokens = await passageTokens(document.id);
    const charges = await chargesOf(alice, document.id);
    expect(charges.every((charge) => charge.status === "settled")).toBe(true);
    expect(charges.reduce((sum, charge) => sum + charge.input_tokens, 0)).toBe(tokens);
  });

  it("past the month's budget the document ends as error with the reason, and nothing is charged for it", async () => {
    const upload = await uploadFile(app.baseUrl, alice, { bytes: Buffer.from(textOf(4500, "quayside")), name: "too-costly.txt" });
    expect(upload.status).toBe(201);
    const document = await waitForIndexing(app.client.call, alice, upload.json.document.id);
    expect(document).toMatchObject({ status: "error", error: expect.stringContaining("budget") });
    expect(await chargesOf(alice, document.id)).toEqual([]);
    expect(await passageTokens(document.id)).toBe(0);
    const retried = await app.client.call(`/api/documents/${document.id}/retry`, { method: "POST", as: alice });
    expect(retried.status).toBe(200);
    expect((await waitForIndexing(app.client.call, alice, document.id)).status).toBe("error");
  });
});

describe("re-indexing for a new embedding model (npm run memory:reindex)", () => {
  it("embeds the passages without the model's vectors, drops the old model's, and charges the owner nothing, over budget or not", async () => {
    const pg = await database();
    const { rows } = await pg.query<{ id: string }>("select id from public.documents where user_id = $1 and name = 'lighthouses.txt'", [alice.id]);
    const documentId = rows[0]!.id;
    // As the deployment had it before the model changed: its passages embedded by the offline model only.
    await pg.query("delete from public.document_chunks where document_id = $1 and ordinal > 0", [documentId]);
    await pg.query(
      `update public.document_chunks set model = 'offline-hash', embedding = array_fill(0.5::real, array[1024])::extensions.vector where document_id = $1`,
      [documentId],
    );
    const before = await chargesOf(alice, documentId);
    const { enqueueDocumentReindex } = await import("@/lib/memory/reindex");
    expect(await enqueueDocumentReindex({ model: "text-embedding-3-small" })).toEqual({ queued: 1, firstJobId: expect.any(Number) });

    const document = await waitForIndexing(app.client.call, alice, documentId);
    expect(document.status).toBe("ready");
    const models = await pg.query<{ model: string; count: number }>("select model, count(*)::int as count from public.document_chunks where document_id = $1 group by model", [documentId]);
    expect(models.rows).toEqual([{ model: "text-embedding-3-small", count: expect.any(Number) }]);
    expect(models.rows[0]!.count).toBeGreaterThan(1);
    expect(await chargesOf(alice, documentId)).toEqual(before);
    // Indexed with the model already: nothing more to do.
    expect(await enqueueDocumentReindex({ model: "text-embedding-3-small" })).toEqual({ queued: 0, firstJobId: null });
  });
});
