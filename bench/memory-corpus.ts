/**
 * The deterministic corpus behind `npm run bench:memory`: the same messages, owners and queries on
 * every run, so runs compare. Messages are about topics, as people's chats are: each topic has its
 * own vocabulary, mixed with words common to all (uniformly random text would make every vector
 * equidistant, which real conversations are not).
 *
 * Owners are skewed the way a real table is: a few heavy users hold most of the rows (a filter to
 * one of them keeps a fifth of the table) and many light users hold a few dozen each (a filter to
 * one keeps 0.05 %). The first heavy user also has a vector of an older model for every message,
 * as after a switch of embedding model (re-indexing keeps the old vectors).
 */
import type { EmbeddedQueries } from "@/lib/db/client";
import { hashEmbedding, offlineHashDimensions } from "@/lib/memory/embeddings/offline-hash";
import { toVectorLiteral } from "@/lib/memory/embeddings/provider";

export const currentModel = "offline-hash";
export const olderModel = "text-embedding-3-small";
const olderModelDimensions = 1536;

export const heavyUserCount = 4;
export const lightUserCount = 400;
export const messagesPerLightUser = 50;
const messagesPerChat = 50;

export type CorpusUser = { id: string; email: string };
export type Corpus = {
  texts: string[];
  /** Every message's current-model vector as stored (float32), row after row: the exact scan's input. */
  vectors: Float32Array;
  messageIds: string[];
  /** Index into `users` of each message's owner. */
  ownerOf: number[];
  users: CorpusUser[];
  heavyUsers: number[];
  lightUsers: number[];
  /** The heavy user whose messages also carry older-model vectors. */
  olderModelUser: number;
  olderModelRows: number;
};

export function createRandom(seed: number) {
  let state = seed;
  return () => ((state = Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32;
}

export function createTextSource(random: () => number) {
  const syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "ba", "di", "fu", "ge", "hu", "ja"];
  const vocabulary = Array.from({ length: 6000 }, (_, index) => {
    let word = "";
    for (let n = index + 1; n > 0; n = Math.floor(n / 16)) word += syllables[n % 16];
    return word;
  });
  const topicCount = 400;
  const wordsPerTopic = 60;
  const zipfIndex = (size: number) => Math.floor(size * random() ** 2.5);
  const commonWord = () => vocabulary[zipfIndex(600)]!;
  const topicWord = (topic: number) => vocabulary[600 + ((topic * 37 + zipfIndex(wordsPerTopic)) % (vocabulary.length - 600))]!;
  const sentence = () => {
    const topic = Math.floor(random() * topicCount);
    return Array.from({ length: 12 + Math.floor(random() * 24) }, () => (random() < 0.6 ? topicWord(topic) : commonWord())).join(" ");
  };
  return { sentence, commonWord };
}

/**
 * The exact top 10 of `user`'s current-model vectors above the similarity floor, by brute force
 * over the stored float32 values: the ground truth recall is measured against, computed apart
 * from the database and its plans.
 */
export function exactTopTen(corpus: Corpus, user: number, query: number[], floor: number): string[] {
  const top: { message: number; similarity: number }[] = [];
  const nonZero = query.flatMap((value, dimension) => (value === 0 ? [] : [dimension]));
  for (let message = 0; message < corpus.ownerOf.length; message++) {
    if (corpus.ownerOf[message] !== user) continue;
    const offset = message * offlineHashDimensions;
    let similarity = 0;
    for (const dimension of nonZero) similarity += Math.fround(query[dimension]!) * corpus.vectors[offset + dimension]!;
    if (similarity < floor || (top.length === 10 && similarity <= top[9]!.similarity)) continue;
    top.push({ message, similarity });
    top.sort((a, b) => b.similarity - a.similarity);
    if (top.length > 10) top.pop();
  }
  return top.map((hit) => corpus.messageIds[hit.message]!);
}

/** A query as people type one: a shuffled, partial recollection of one of their messages (or passages), plus a common word. */
export function queryFor(text: string, random: () => number, commonWord: () => string): string {
  const words = text.split(" ").filter(() => random() < 0.6).sort(() => random() - 0.5);
  return [...words, commonWord()].join(" ");
}

/**
 * Stores the corpus through the app's schema: users, chats of 50, messages and vectors. Triggers
 * (embedding jobs) are off while loading and the HNSW indexes are dropped, so the caller builds the
 * current model's index once, over the loaded rows, and can time that.
 */
export async function loadCorpus(pg: EmbeddedQueries, messageCount: number, random: () => number, sentence: () => string): Promise<Corpus> {
  const lightMessages = lightUserCount * messagesPerLightUser;
  if (messageCount <= lightMessages || messageCount % messagesPerChat) {
    throw new Error(`BENCH_MESSAGES must be a multiple of ${messagesPerChat} above ${lightMessages}`);
  }
  const users: CorpusUser[] = [];
  for (let index = 0; index < heavyUserCount + lightUserCount; index++) {
    const email = `bench-${index}@example.com`;
    const row = await pg.query<{ id: string }>("insert into auth.users (email, encrypted_password) values ($1, 'x') returning id", [email]);
    users.push({ id: row.rows[0]!.id, email });
  }
  const heavyUsers = Array.from({ length: heavyUserCount }, (_, index) => index);
  const lightUsers = Array.from({ length: lightUserCount }, (_, index) => heavyUserCount + index);
  const olderModelUser = heavyUsers[0]!;

  const texts = Array.from({ length: messageCount }, sentence);
  // Chats in turn: heavy users' chats round-robin, then one chat per light user.
  const ownerOf: number[] = [];
  const heavyMessages = messageCount - lightMessages;
  for (let start = 0; start < heavyMessages; start += messagesPerChat) {
    ownerOf.push(...Array<number>(messagesPerChat).fill(heavyUsers[(start / messagesPerChat) % heavyUserCount]!));
  }
  for (const user of lightUsers) ownerOf.push(...Array<number>(messagesPerLightUser).fill(user));

  const messageIds: string[] = [];
  const vectors = new Float32Array(messageCount * offlineHashDimensions);
  await pg.exec(`set session_replication_role = replica;
    drop index message_embeddings_offline_hash_hnsw_idx; drop index message_embeddings_openai_small_hnsw_idx;`);
  let olderModelRows = 0;
  for (let start = 0; start < messageCount; start += messagesPerChat) {
    const user = users[ownerOf[start]!]!;
    const batch = texts.slice(start, start + messagesPerChat);
    const chat = await pg.query<{ id: string }>("insert into chats (user_id, title) values ($1, $2) returning id", [user.id, `Chat ${start}`]);
    const chatId = chat.rows[0]!.id;
    const ids = await pg.query<{ id: string }>(
      "insert into messages (chat_id, user_id, role, content) select $1, $2, 'user', unnest($3::text[]) returning id",
      [chatId, user.id, batch],
    );
    messageIds.push(...ids.rows.map((row) => row.id));
    const current = batch.map((text, offset) => {
      const vector = hashEmbedding(text);
      vectors.set(vector, (start + offset) * offlineHashDimensions);
      return vector;
    });
    const values = (model: string, batchVectors: number[][]) =>
      ids.rows.map((row, offset) => `('${row.id}','${user.id}','${chatId}','${model}','${toVectorLiteral(batchVectors[offset]!)}')`).join(",");
    await pg.exec(`insert into message_embeddings (message_id, user_id, chat_id, model, embedding) values ${values(currentModel, current)}`);
    if (ownerOf[start] === olderModelUser) {
      const older = batch.map((text) => hashEmbedding(text, olderModelDimensions));
      await pg.exec(`insert into message_embeddings (message_id, user_id, chat_id, model, embedding) values ${values(olderModel, older)}`);
      olderModelRows += batch.length;
    }
  }
  await pg.exec("set session_replication_role = origin;");
  return { texts, vectors, messageIds, ownerOf, users, heavyUsers, lightUsers, olderModelUser, olderModelRows };
}

export type PassageCorpus = {
  texts: string[];
  /** Every passage's vector as stored (float32), row after row. */
  vectors: Float32Array;
  /** `documentId:ordinal` of each passage, as a search result names it. */
  keys: string[];
  user: number;
};

const passagesPerDocument = 500;

/**
 * Stores `count` document passages for one user (documents of 500 passages, ready, in memory)
 * with their current-model vectors, triggers off and the passages' HNSW indexes dropped: the
 * caller builds the current model's index once, over the loaded rows, and can time that.
 */
export async function loadPassages(pg: EmbeddedQueries, corpus: Corpus, user: number, count: number, sentence: () => string): Promise<PassageCorpus> {
  const owner = corpus.users[user]!;
  const texts = Array.from({ length: count }, sentence);
  const vectors = new Float32Array(count * offlineHashDimensions);
  const keys: string[] = [];
  await pg.exec(`set session_replication_role = replica;
    drop index document_chunks_offline_hash_hnsw_idx; drop index document_chunks_openai_small_hnsw_idx;`);
  for (let start = 0; start < count; start += passagesPerDocument) {
    const document = await pg.query<{ id: string }>(
      `insert into public.documents (user_id, name, mime_type, bytes, status, progress, storage_path)
       values ($1, $2, 'text/plain', $3, 'ready', 1, $4) returning id`,
      [owner.id, `Notes ${start / passagesPerDocument + 1}.txt`, 1_000_000, `bench/${owner.id}/${start}`],
    );
    const documentId = document.rows[0]!.id;
    const rows = texts.slice(start, start + passagesPerDocument).map((text, ordinal) => {
      const vector = hashEmbedding(text);
      vectors.set(vector, (start + ordinal) * offlineHashDimensions);
      keys.push(`${documentId}:${ordinal}`);
      return `('${documentId}','${owner.id}',${ordinal},'${text}','${currentModel}','${toVectorLiteral(vector)}')`;
    });
    await pg.exec(`insert into public.document_chunks (document_id, user_id, ordinal, content, model, embedding) values ${rows.join(",")}`);
  }
  await pg.exec("set session_replication_role = origin;");
  return { texts, vectors, keys, user };
}

/**
 * The exact top 10 of the user's messages and passages together above the floor, by brute force:
 * `m:<message id>` and `d:<document id>:<ordinal>`, as the combined search is compared.
 */
export function exactTopTenOfBoth(corpus: Corpus, passages: PassageCorpus, query: number[], floor: number): string[] {
  const nonZero = query.flatMap((value, dimension) => (value === 0 ? [] : [dimension]));
  const similarityAt = (vectors: Float32Array, row: number) => {
    let similarity = 0;
    for (const dimension of nonZero) similarity += Math.fround(query[dimension]!) * vectors[row * offlineHashDimensions + dimension]!;
    return similarity;
  };
  const hits: { key: string; similarity: number }[] = [];
  for (let message = 0; message < corpus.ownerOf.length; message++) {
    if (corpus.ownerOf[message] === passages.user) hits.push({ key: `m:${corpus.messageIds[message]}`, similarity: similarityAt(corpus.vectors, message) });
  }
  for (let passage = 0; passage < passages.keys.length; passage++) hits.push({ key: `d:${passages.keys[passage]}`, similarity: similarityAt(passages.vectors, passage) });
  return hits
    .filter((hit) => hit.similarity >= floor)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 10)
    .map((hit) => hit.key);
}
