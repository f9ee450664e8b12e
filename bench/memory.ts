/**
 * `npm run bench:memory`: memory search over 100,000 stored messages (DESIGN.md budget: p95 ≤ 20 ms,
 * recall@10 ≥ 0.95 against an exact scan), and the offline embedding adapter's throughput.
 *
 * Synthetic messages (each about one of 400 topics: topic words mixed with common words, several
 * users, chats of 50) are
 * embedded with offline-hash and stored in a throwaway on-disk PGlite through the app's own
 * migrations; the HNSW index is built once after loading. Each query is a shuffled, partial copy
 * of a random stored message of a random user. Latency is the app's whole search path
 * (`searchMemory`: embed the query, user transaction, HNSW scan, joins, snippets). Recall compares
 * the index's top 10 with an exact scan of the same user's vectors.
 */
import "../scripts/load-env";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const messageCount = Number(process.env.BENCH_MESSAGES ?? 100_000);
const userCount = 5;
const messagesPerChat = 50;
const queryCount = 300;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-memory-"));
Object.assign(process.env, { PGLITE_DATA_DIR: path.join(dataDir, "pglite"), EMBEDDINGS_MODEL: "offline-hash", LOG_LEVEL: "warn" });

const { sql } = await import("drizzle-orm");
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { withUser } = await import("@/lib/db/transaction");
const { hashEmbedding } = await import("@/lib/memory/embeddings/offline-hash");
const { toVectorLiteral } = await import("@/lib/memory/embeddings/provider");
const { searchMemory } = await import("@/lib/memory/search");

// A deterministic generator, so every run measures the same data.
let seed = 42;
const random = () => ((seed = Math.imul(seed ^ (seed >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32;
const syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "ba", "di", "fu", "ge", "hu", "ja"];
const vocabulary = Array.from({ length: 6000 }, (_, index) => {
  let word = "";
  for (let n = index + 1; n > 0; n = Math.floor(n / 16)) word += syllables[n % 16];
  return word;
});
// Messages are about topics, as people's chats are: each topic has its own vocabulary, mixed with
// words common to all. (Uniformly random text would make every vector equidistant, which real
// conversations are not.)
const topicCount = 400;
const wordsPerTopic = 60;
const zipfIndex = (size: number) => Math.floor(size * random() ** 2.5);
const commonWord = () => vocabulary[zipfIndex(600)]!;
const topicWord = (topic: number) => vocabulary[600 + ((topic * 37 + zipfIndex(wordsPerTopic)) % (vocabulary.length - 600))]!;
const sentence = () => {
  const topic = Math.floor(random() * topicCount);
  return Array.from({ length: 12 + Math.floor(random() * 24) }, () => (random() < 0.6 ? topicWord(topic) : commonWord())).join(" ");
};
const zipfWord = commonWord;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main() {
  const pg = await getEmbeddedDatabase();
  const users: { id: string; email: string }[] = [];
  for (let index = 0; index < userCount; index++) {
    const email = `bench-${index}@example.com`;
    const row = await pg.query<{ id: string }>("insert into auth.users (email, encrypted_password) values ($1, 'x') returning id", [email]);
    users.push({ id: row.rows[0]!.id, email });
  }

  const texts = Array.from({ length: messageCount }, sentence);
  const embedStarted = performance.now();
  const vectors = texts.map((text) => hashEmbedding(text));
  const embedSeconds = (performance.now() - embedStarted) / 1000;

  // Bulk load without the per-row trigger (embedding jobs) and with the HNSW index built afterwards.
  await pg.exec("set session_replication_role = replica; drop index message_embeddings_offline_hash_hnsw_idx;");
  const loadStarted = performance.now();
  const owners: string[] = [];
  for (let start = 0; start < messageCount; start += messagesPerChat) {
    const user = users[(start / messagesPerChat) % userCount]!;
    const chat = await pg.query<{ id: string }>("insert into chats (user_id, title) values ($1, $2) returning id", [user.id, `Chat ${start}`]);
    const chatId = chat.rows[0]!.id;
    const batch = texts.slice(start, start + messagesPerChat);
    const ids = await pg.query<{ id: string }>(
      "insert into messages (chat_id, user_id, role, content) select $1, $2, 'user', unnest($3::text[]) returning id",
      [chatId, user.id, batch],
    );
    const rows = ids.rows.map((row, offset) => `('${row.id}','${user.id}','${chatId}','offline-hash','${toVectorLiteral(vectors[start + offset]!)}')`);
    await pg.exec(`insert into message_embeddings (message_id, user_id, chat_id, model, embedding) values ${rows.join(",")}`);
    owners.push(...batch.map(() => user.id));
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const indexStarted = performance.now();
  await pg.exec(`
    set session_replication_role = origin;
    set maintenance_work_mem = '1GB';
    create index message_embeddings_offline_hash_hnsw_idx on message_embeddings
      using hnsw ((embedding::vector(1024)) vector_cosine_ops) where model = 'offline-hash';
    analyze message_embeddings;`);
  const indexSeconds = (performance.now() - indexStarted) / 1000;

  const queries = Array.from({ length: queryCount }, () => {
    const index = Math.floor(random() * messageCount);
    const words = texts[index]!.split(" ").filter(() => random() < 0.6).sort(() => random() - 0.5);
    return { text: [...words, zipfWord()].join(" "), user: users.find((user) => user.id === owners[index])! };
  });

  for (const query of queries.slice(0, 20)) await searchMemory(query.user, { query: query.text, limit: 10 });
  const latencies: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    await searchMemory(query.user, { query: query.text, limit: 10 });
    latencies.push(performance.now() - started);
  }

  let found = 0;
  for (const query of queries) {
    const vector = toVectorLiteral(hashEmbedding(query.text));
    const topTen = (extra: string) =>
      withUser(query.user, async (tx) => {
        await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true),
                                    set_config('enable_sort', ${extra ? "on" : "off"}, true)`);
        const result = await tx.execute<{ message_id: string }>(sql`
          select message_id from message_embeddings where user_id = ${query.user.id} and model = 'offline-hash'
          order by (embedding::vector(1024) <=> ${vector}::vector(1024))${sql.raw(extra)} limit 10`);
        return result.rows.map((row) => row.message_id);
      });
    const approximate = new Set(await topTen(""));
    // Adding zero hides the expression from the planner: an exact, sequential scan.
    const exact = await topTen(" + 0");
    found += exact.filter((id) => approximate.has(id)).length;
  }
  const recall = found / (queries.length * 10);

  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  console.log(`\nMemory search, ${messageCount.toLocaleString("en")} messages, ${userCount} users, offline-hash (1024 dims), ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log("| figure | value | budget | verdict |");
  console.log("| --- | --- | --- | --- |");
  console.log(`| search latency p50 (searchMemory, ${queryCount} queries) | ${ms(p50)} | | |`);
  console.log(`| search latency p95 | ${ms(p95)} | ≤ 20 ms | ${p95 <= 20 ? "PASS" : "FAIL"} |`);
  console.log(`| recall@10 vs exact scan | ${recall.toFixed(3)} | ≥ 0.95 | ${recall >= 0.95 ? "PASS" : "FAIL"} |`);
  console.log(`| offline-hash embedding throughput | ${Math.round(messageCount / embedSeconds).toLocaleString("en")} messages/s | | |`);
  console.log(`| bulk load (messages + vectors) | ${loadSeconds.toFixed(1)} s | | |`);
  console.log(`| HNSW index build | ${indexSeconds.toFixed(1)} s | | |`);
}

try {
  await main();
} finally {
  await closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
