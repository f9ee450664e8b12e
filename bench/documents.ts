/**
 * `npm run bench:documents`: how fast documents are indexed with offline embeddings, through the
 * app's own job (`runDocumentBatch`: read the file, extract the text with PDF.js or Mammoth, split
 * into passages, embed in batches, store passages, vectors and progress, settle the charge), on a
 * throwaway on-disk PGlite migrated by the app. Files are generated here: PDFs of BENCH_PAGES pages
 * (default 100) of about 2,000 characters each, a Word file and a Markdown file of the same text.
 * Prints pages (or thousands of characters) per second, and the passages and time per document.
 */
import "../scripts/load-env";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeDocx, makePdf } from "../tests/support/document-fixtures";

const pages = Number(process.env.BENCH_PAGES ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-documents-"));
Object.assign(process.env, {
  PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
  DOCUMENTS_DIR: path.join(dataDir, "documents"),
  EMBEDDINGS_MODEL: "offline-hash",
  LOG_LEVEL: "warn",
});

const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { runDocumentBatch } = await import("@/lib/documents/index-documents");
const { storagePathOf, writeDocumentFile } = await import("@/lib/documents/storage");
const { documentMimeTypes } = await import("@/lib/documents/types");
const { getEmbeddingProvider } = await import("@/lib/memory/embeddings/provider");

const words = "tide harbour lighthouse keeper lantern beacon channel pilot rope anchor gull breakwater quay ferry current shoal".split(" ");
/** About `chars` characters of sentences, different on every page. */
function pageText(page: number, chars = 2000): string {
  const sentences: string[] = [];
  let length = 0;
  for (let index = 0; length < chars; index++) {
    const sentence = `On page ${page} the ${words[(page + index) % words.length]} met the ${words[(page * 7 + index * 3) % words.length]} near mile ${page * 31 + index}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(" ");
}

const pdfLines = (text: string) => text.match(/.{1,90}(\s|$)/g)!.map((line) => line.trim()).join("\n");

const pg = await getEmbeddedDatabase();
const user = (await pg.query<{ id: string }>("insert into auth.users (email, encrypted_password) values ('bench-documents@example.com', 'x') returning id")).rows[0]!.id;
const provider = getEmbeddingProvider();

async function indexOne(format: "pdf" | "docx" | "markdown", bytes: Uint8Array) {
  const id = crypto.randomUUID();
  const storagePath = storagePathOf({ userId: user, documentId: id });
  await writeDocumentFile(storagePath, bytes);
  await pg.query(
    "insert into public.documents (id, user_id, name, mime_type, bytes, pages, storage_path) values ($1, $2, $3, $4, $5, $6, $7)",
    [id, user, `bench.${format}`, documentMimeTypes[format], bytes.byteLength, format === "pdf" ? pages : null, storagePath],
  );
  const started = performance.now();
  for (;;) {
    const batch = await runDocumentBatch(provider);
    if (batch.error) throw new Error(batch.error);
    if (batch.claimed === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await pg.query<{ status: string; passages: number }>(
    "select d.status, (select count(*)::int from public.document_chunks c where c.document_id = d.id) as passages from public.documents d where d.id = $1",
    [id],
  );
  if (rows[0]!.status !== "ready") throw new Error(`bench.${format} ended ${rows[0]!.status}`);
  return { seconds, passages: rows[0]!.passages };
}

const texts = Array.from({ length: pages }, (_, page) => pageText(page + 1));
const totalChars = texts.reduce((sum, text) => sum + text.length, 0);
const files = {
  pdf: makePdf(texts.map(pdfLines)),
  docx: makeDocx(texts.flatMap((text, page) => [`# Part ${page + 1}`, text])),
  markdown: Buffer.from(texts.map((text, page) => `# Part ${page + 1}\n\n${text}`).join("\n\n")),
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const table: string[][] = [["file", "size", "passages", "seconds (median)", "throughput"]];
for (const format of ["pdf", "docx", "markdown"] as const) {
  const runs = [];
  for (let round = 0; round < rounds; round++) runs.push(await indexOne(format, files[format]));
  const seconds = median(runs.map((run) => run.seconds));
  const throughput = format === "pdf" ? `${(pages / seconds).toFixed(1)} pages/s` : `${(totalChars / 1000 / seconds).toFixed(0)} k chars/s`;
  table.push([`${format} (${pages} parts)`, `${Math.round(files[format].byteLength / 1024)} KiB`, String(runs[0]!.passages), seconds.toFixed(2), throughput]);
}

const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
console.log(`\nIndexing with ${provider.model}, ${rounds} rounds each, ${os.cpus().length} cores\n`);
for (const [index, row] of table.entries()) {
  console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
  if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
}

await closeDb();
fs.rmSync(dataDir, { recursive: true, force: true });
