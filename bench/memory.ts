/**
 * `npm run bench:memory`: memory search over 100,000 stored messages and 10,000 document passages
 * (DESIGN.md budget: p95 ≤ 20 ms, recall@10 ≥ 0.95 against an exact scan), in the shapes the app
 * meets:
 *
 * - a heavy user: the filter to the caller keeps a fifth of the table;
 * - one light user of many: the filter keeps 50 rows of 100,000;
 * - a heavy user who also has a vector of an older model for every message;
 * - a heavy user who also holds the 10,000 passages, searched with their messages at once
 *   (`searchAllMemory`, as /memory and the palette search), recall over both together.
 *
 * The corpus (bench/memory-corpus.ts) is generated from a fixed seed and stored in a throwaway
 * on-disk PGlite through the app's own migrations; nothing is kept between runs. The current
 * model's HNSW index is dropped for the load and built again from the migration's own definition,
 * so the build time is the real one. Latency is the app's whole search path (`searchMemory`: embed
 * the query, user transaction, index or exact scan, joins, snippets), in wall time and in this
 * process's CPU time (PGlite runs on this thread, so CPU time is the part a busy machine does not
 * inflate); an empty user transaction timed in the same run is the baseline. Recall compares what
 * `searchMemory` returned with a brute-force scan (in JavaScript, over the stored float32 values)
 * of the same user's current-model vectors, above the same similarity floor.
 */
import "../scripts/load-env";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const messageCount = Number(process.env.BENCH_MESSAGES ?? 100_000);
const passageCount = Number(process.env.BENCH_PASSAGES ?? 10_000);
const queriesPerCase = 200;
const warmUpQueries = 20;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-memory-"));
Object.assign(process.env, { PGLITE_DATA_DIR: path.join(dataDir, "pglite"), EMBEDDINGS_MODEL: "offline-hash", LOG_LEVEL: "warn" });

const { sql } = await import("drizzle-orm");
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { withUser } = await import("@/lib/db/transaction");
const { hashEmbedding } = await import("@/lib/memory/embeddings/offline-hash");
const { searchAllMemory, searchMemory, similarityFloors } = await import("@/lib/memory/search");
const { memorySources } = await import("@/lib/memory/types");
const corpusModule = await import("./memory-corpus");
const { currentModel, exactTopTen, exactTopTenOfBoth, loadCorpus, loadPassages, createRandom, createTextSource, queryFor } = corpusModule;
type Corpus = import("./memory-corpus").Corpus;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const cpuMilliseconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

type Timing = { p50: number; p95: number; cpuP50: number; cpuP95: number };
async function time(runs: number, work: (run: number) => Promise<unknown>): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    await work(run);
    wall.push(performance.now() - started);
    cpu.push(cpuMilliseconds(cpuStarted));
  }
  return { p50: percentile(wall, 50), p95: percentile(wall, 95), cpuP50: percentile(cpu, 50), cpuP95: percentile(cpu, 95) };
}

type CaseResult = Timing & { name: string; rowsInFilter: number; recall: number };

type Query = { user: number; text: string };

/** Times `search` over the queries (after a warm-up) and compares what it found with `exact`'s ground truth. */
async function measure(name: string, rowsInFilter: number, queries: Query[], search: (query: Query) => Promise<string[]>, exact: (query: Query) => string[]): Promise<CaseResult> {
  for (const query of queries.slice(0, warmUpQueries)) await search(query);
  const returned: string[][] = [];
  const timing = await time(queries.length, async (run) => {
    returned[run] = await search(queries[run]!);
  });
  let found = 0;
  let expected = 0;
  for (const [index, query] of queries.entries()) {
    const truth = exact(query);
    const got = new Set(returned[index]);
    found += truth.filter((id) => got.has(id)).length;
    expected += truth.length;
  }
  return { name, rowsInFilter, recall: found / expected, ...timing };
}

/** Messages only (`searchMemory`), as a reply's recall of past chats searches. */
async function measureCase(name: string, corpus: Corpus, queries: Query[]): Promise<CaseResult> {
  const owners = new Set(queries.map((query) => query.user));
  const rowsInFilter = corpus.ownerOf.filter((owner) => owners.has(owner)).length / owners.size;
  return measure(
    name,
    rowsInFilter,
    queries,
    async (query) => (await searchMemory(corpus.users[query.user]!, { query: query.text, limit: 10 })).map((result) => result.messageId),
    (query) => exactTopTen(corpus, query.user, hashEmbedding(query.text), similarityFloors[currentModel]),
  );
}

async function main() {
  const pg = await getEmbeddedDatabase();
  const random = createRandom(42);
  const { sentence, commonWord } = createTextSource(random);
  // Build the index as the migrations define it, not as this script would.
  const definitionOf = async (index: string) => (await pg.query<{ indexdef: string }>("select indexdef from pg_indexes where indexname = $1", [index])).rows[0]!.indexdef;
  const indexDefinition = await definitionOf("message_embeddings_offline_hash_hnsw_idx");
  const passageIndexDefinition = await definitionOf("document_chunks_offline_hash_hnsw_idx");

  const loadStarted = performance.now();
  const corpus = await loadCorpus(pg, messageCount, random, sentence);
  const passageUser = corpus.heavyUsers.find((user) => user !== corpus.olderModelUser)!;
  const passages = await loadPassages(pg, corpus, passageUser, passageCount, sentence);
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  // The graph must fit in maintenance_work_mem, or pgvector builds it on disk, many times slower.
  const build = async (definition: string) => {
    const started = performance.now();
    await pg.exec(`set maintenance_work_mem = '1GB'; ${definition}; reset maintenance_work_mem;`);
    return (performance.now() - started) / 1000;
  };
  const indexSeconds = await build(indexDefinition);
  const passageIndexSeconds = await build(passageIndexDefinition);
  await pg.exec("analyze;");

  const messagesOf = (user: number) => corpus.ownerOf.flatMap((owner, message) => (owner === user ? [message] : []));
  const queriesOf = (users: number[]) =>
    Array.from({ length: queriesPerCase }, () => {
      const user = users[Math.floor(random() * users.length)]!;
      const mine = messagesOf(user);
      return { user, text: queryFor(corpus.texts[mine[Math.floor(random() * mine.length)]!]!, random, commonWord) };
    });
  // Half recollect one of the user's messages, half one of their passages.
  const bothQueries = Array.from({ length: queriesPerCase }, (_, index) => {
    if (index % 2 === 0) return queriesOf([passageUser])[0]!;
    return { user: passageUser, text: queryFor(passages.texts[Math.floor(random() * passages.texts.length)]!, random, commonWord) };
  });
  // What any user request costs on this machine right now: the same user transaction, empty.
  const emptyTransaction = await time(queriesPerCase, () => withUser(corpus.users[0]!, (tx) => tx.execute(sql`select 1`)));
  const cases = [
    await measureCase("a heavy user", corpus, queriesOf(corpus.heavyUsers.filter((user) => user !== corpus.olderModelUser))),
    await measureCase(`one light user of ${corpus.lightUsers.length}`, corpus, queriesOf(corpus.lightUsers)),
    await measureCase(`a heavy user with ${corpus.olderModelRows.toLocaleString("en")} older-model rows`, corpus, queriesOf([corpus.olderModelUser])),
    await measure(
      `a heavy user's messages and ${passageCount.toLocaleString("en")} passages, both at once`,
      corpus.ownerOf.filter((owner) => owner === passageUser).length + passageCount,
      bothQueries,
      async (query) =>
        (await searchAllMemory(corpus.users[query.user]!, { query: query.text, limit: 10, sources: memorySources })).map((result) =>
          result.source === "document" ? `d:${result.documentId}:${result.passage}` : `m:${result.messageId}`,
        ),
      (query) => exactTopTenOfBoth(corpus, passages, hashEmbedding(query.text), similarityFloors[currentModel]),
    ),
  ];

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  console.log(
    `\nMemory search, ${messageCount.toLocaleString("en")} messages and ${passageCount.toLocaleString("en")} passages, ${corpus.users.length} users, ${currentModel} (1024 dims), ` +
      `${queriesPerCase} queries per case, limit 10; ${os.cpus().length} cores (load ${os.loadavg()[0]!.toFixed(1)}), Node ${process.version}\n`,
  );
  console.log("| case | rows the filter keeps | p50 | p95 | goal | CPU p50 / p95 | CPU p50 ÷ baseline | recall@10 vs exact | goal | verdict |");
  console.log("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |");
  for (const result of cases) {
    const ok = result.p95 <= 20 && result.recall >= 0.95;
    console.log(
      `| ${result.name} | ${Math.round(result.rowsInFilter).toLocaleString("en")} | ${ms(result.p50)} | ${ms(result.p95)} | ≤ 20 ms | ` +
        `${ms(result.cpuP50)} / ${ms(result.cpuP95)} | ${(result.cpuP50 / emptyTransaction.cpuP50).toFixed(1)}× | ${result.recall.toFixed(3)} | ≥ 0.95 | ${verdict(ok)} |`,
    );
  }
  console.log(
    `| baseline: an empty user transaction, same run | | ${ms(emptyTransaction.p50)} | ${ms(emptyTransaction.p95)} | | ` +
      `${ms(emptyTransaction.cpuP50)} / ${ms(emptyTransaction.cpuP95)} | 1.0× | | | |`,
  );
  console.log(`\n| one-off cost | value |\n| --- | --- |`);
  console.log(`| bulk load (users, chats, messages, documents, passages, vectors) | ${loadSeconds.toFixed(1)} s |`);
  console.log(`| HNSW index build (${messageCount.toLocaleString("en")} message vectors, as the migration defines it) | ${indexSeconds.toFixed(1)} s |`);
  console.log(`| HNSW index build (${passageCount.toLocaleString("en")} passage vectors, likewise) | ${passageIndexSeconds.toFixed(1)} s |`);
}

try {
  await main();
} finally {
  await closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
