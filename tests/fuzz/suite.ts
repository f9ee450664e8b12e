import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendChat } from "../support/chat";
import type { Person } from "../support/client";
import { checkDocumentedAnswer } from "../support/documented-answer";
import { diffSnapshots, listTables, snapshotReader, type DbSnapshot } from "../support/db-snapshot";
import { sendRaw, type RawResponse } from "../support/raw-http";
import { uploadFile } from "../support/documents";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";
import { startFakeSentry, type FakeSentry } from "../fakes/sentry";
import {
  anyString,
  encode,
  fuzzBody,
  fuzzHeaders,
  fuzzQuery,
  headerValue,
  identity,
  isRef,
  methods,
  pathId,
  type RawSegment,
  type AnyMethod,
  type ForgedToken,
  type FuzzBody,
  type FuzzHeaders,
  type Identity,
  type Owner,
  type Ref,
} from "./arbitraries";
import { fuzzRoutes, loginExample, type FuzzRoute, type Method } from "./route-table";

/**
 * Every route of the app, attacked with generated bodies, queries, headers, ids, cookies and
 * tokens (issue 11). For every answer: never a 5xx, never a stack trace, file path or database
 * error; every 4xx is API.md's JSON error with the code of its status; and when the answer is an
 * error, every table is exactly as it was before the request.
 *
 * The seed is FUZZ_SEED, `time` for one from the clock, or by default a fixed one, so that CI
 * asks the same questions every run (a new question is a change to review, not a coin toss at
 * landing time); it is printed, and route number i runs with seed + i, so FUZZ_SEED=<seed> npm run
 * test:fuzz replays a whole run (fast-check prints each failure's own seed and path too; with
 * `time`, each shard prints its own). FUZZ_RUNS sets the cases per route (slow routes get a third):
 * the default of 100 takes about two minutes a shard, the two side by side, on two cores. A
 * counterexample is shown as found; FUZZ_SHRINK=1 shrinks it first.
 */
const defaultSeed = 20261201;
const seed = process.env.FUZZ_SEED === "time" ? Date.now() % 2 ** 31 : process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : defaultSeed;
const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 100;
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) throw new Error("FUZZ_SEED and FUZZ_RUNS must be whole numbers");
const runsFor = (route: FuzzRoute) => (route.slow ? Math.max(1, Math.round(runs / 3)) : runs);

/**
 * Written by design on answers that are errors, so left out of the before/after comparison:
 * - public.usage_requests: the meter counts every authenticated request with its status class,
 *   refused ones included (that is what billing, quotas and the error-rate alert read);
 * - private.rate_limit_windows: each limited attempt (login, web vitals, the Sentry tunnel, the
 *   per-user minute window) is hit before its answer is known: that is what slows guessing;
 * - private.request_stats: per-minute request figures, flushed by a timer every few seconds
 *   whatever the answers were, not by the request that is being compared.
 */
const meterTables = ["public.usage_requests", "private.rate_limit_windows", "private.request_stats"];

const authSecret = process.env.AUTH_SECRET!;
const cronSecret = "fuzz-cron-secret-0123456789";
const metricsToken = "fuzz-metrics-token-0123456789";
const adminEmail = "fuzz-admin@example.com";

let sentry: FakeSentry;
beforeAll(async () => {
  sentry = await startFakeSentry();
});
afterAll(async () => {
  await sentry?.close();
});

const app = setUpAppServer(() => ({
  SENTRY_DSN: sentry.dsn(),
  CRON_SECRET: cronSecret,
  METRICS_TOKEN: metricsToken,
  OFFLINE_WORD_DELAY_MS: "0",
  PLAN_FREE_MONTHLY_REQUESTS: "100000000",
  PLAN_FREE_MONTHLY_BUDGET_USD: "1000000",
  // The alert rules would run once an hour: never during the suite.
  ALERTS_INTERVAL_MS: "3600000",
}));

const people = {} as Record<Owner, Person>;
const newcomers: Person[] = [];
const forged = {} as Record<Exclude<ForgedToken, { garbage: string }>, string>;
let snapshot: () => Promise<DbSnapshot>;

async function mint(person: { id: string; email: string }, { key = authSecret, expiresIn = 3600, audience = "authenticated" } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: person.email, role: "authenticated", session_id: crypto.randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(person.id)
    .setAudience(audience)
    .setIssuer("mneme-local")
    .setIssuedAt(now - 7200)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(key));
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

beforeAll(async () => {
  people.alice = await app.client.signUp("Alice");
  people.bob = await app.client.signUp("Bob");
  const admin = await app.client.call("/api/auth/signup", { method: "POST", body: { email: adminEmail, password: "admin-password-123" } });
  expect(admin.status).toBe(201);
  await grantAdmin(adminEmail);
  people.admin = {
    name: "Admin",
    email: adminEmail,
    password: "admin-password-123",
    id: admin.json.user.id,
    accessToken: admin.json.accessToken,
    cookie: `mneme-session=${admin.json.accessToken}`,
  };

  // Real data for everyone: chats with replies, a chat without messages, a rating and a vote.
  for (const person of Object.values(people)) {
    const first = await sendChat(app.client, person, { message: `Hello from ${person.name}, tell me about tides` });
    await sendChat(app.client, person, { chatId: first.meta.chatId, message: "And spring tides?" });
    await sendChat(app.client, person, { message: `${person.name}'s second chat, about rain` });
    expect((await app.client.call("/api/chats", { method: "POST", as: person, body: { title: "Empty" } })).status).toBe(201);
    expect((await app.client.call("/api/feedback", { method: "POST", as: person, body: { rating: 4, comment: "fine", page: "/chat" } })).status).toBe(201);
    const vote = await app.client.call("/api/feedback", { method: "POST", as: person, body: { messageId: first.meta.assistantMessageId, vote: "up" } });
    expect(vote.status).toBe(201);
  }

  const alice = people.alice;
  forged.expired = await mint(alice, { expiresIn: -60 });
  forged["wrong key"] = await mint(alice, { key: "another-secret-another-secret-0123456789" });
  forged["wrong audience"] = await mint(alice, { audience: "service_role" });
  const [header, , signature] = alice.accessToken.split(".");
  forged["alg none"] = `${base64url({ alg: "none", typ: "JWT" })}.${alice.accessToken.split(".")[1]}.`;
  const payload = JSON.parse(Buffer.from(alice.accessToken.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
  forged["tampered payload"] = `${header}.${base64url({ ...payload, sub: people.bob.id, email: people.bob.email })}.${signature}`;
  forged.revoked = await mint(alice);
  expect((await app.client.call("/api/auth/logout", { method: "POST", headers: { authorization: `Bearer ${forged.revoked}` } })).status).toBe(204);
  const dave = await app.client.signUp("Dave");
  expect((await app.client.call("/api/account", { method: "DELETE", as: dave, via: "bearer" })).status).toBe(204);
  forged["deleted user"] = dave.accessToken;
  forged["cron secret"] = cronSecret;
  forged["metrics token"] = metricsToken;
  forged["cron secret lookalike"] = `${cronSecret.slice(0, -1)}é`;
  for (let count = 0; count < 40; count++) newcomers.push(await app.client.signUp("Newcomer"));
  expect((await app.client.call("/api/auth/signup", { method: "POST", body: loginExample })).status).toBe(201);

  // The local worker (embeddings, maintenance) writes on its own schedule; here nothing may
  // write but the request under test. Jobs the requests queue stay queued, visible in the tables.
  (globalThis as Record<symbol, { stop: () => void } | undefined>)[Symbol.for("mneme.worker")]?.stop();

  const pg = await database();
  snapshot = snapshotReader(pg, await listTables(pg, meterTables));
});

// ---------------------------------------------------------------------------------------------
// Turning a generated case into bytes

interface FuzzCase {
  method: AnyMethod;
  params: Record<string, unknown>;
  query: string;
  identity: Identity;
  headers: FuzzHeaders;
  body?: FuzzBody;
}

interface Rows {
  chats: Map<Owner, string[]>;
  /** Chats with a reply left `streaming` (no writer runs it), for the stop route. */
  writing: Map<Owner, string[]>;
  messages: Map<Owner, { id: string; chatId: string; role: string }[]>;
  shares: Map<Owner, { id: string; token: string }[]>;
  documents: Map<Owner, string[]>;
  /** Ratings each person sent, for the admin's review route. */
  feedback: Map<Owner, string[]>;
  /** Alerts that fired (nobody's own), for the admin's acknowledgement route. */
  alerts: string[];
  apiKeys: Map<Owner, string[]>;
}

/** The rows refs can name; anyone left with fewer than two answered chats, or two shared links, gets new ones first. */
async function loadRows(): Promise<Rows> {
  if (rowsCache) return rowsCache;
  let rows = await readRows();
  let added = false;
  for (const [owner, messages] of rows.messages) {
    const answered = new Set(messages.filter((message) => message.role === "assistant").map((message) => message.chatId));
    for (let count = answered.size; count < 2; count++) {
      await sendChat(app.client, people[owner], { message: `A new chat for ${owner}, about the moon` });
      added = true;
    }
  }
  if (added) rows = await readRows();
  for (const [owner, shares] of rows.shares) {
    for (let count = shares.length; count < 2; count++) {
      const chatId = rows.chats.get(owner)![0]!;
      expect((await app.client.call(`/api/chats/${chatId}/shares`, { method: "POST", as: people[owner] })).status).toBe(201);
      added = true;
    }
  }
  for (const [owner, documents] of rows.documents) {
    for (let count = documents.length; count < 2; count++) {
      const response = await uploadFile(app.baseUrl, people[owner], { bytes: Buffer.from(`A note of ${owner}'s, number ${count}`), name: `note-${count}.txt` });
      expect(response.status, response.text).toBe(201);
      added = true;
    }
  }
  // The retry route needs a failed document: the worker is stopped here, so one is failed by hand.
  const pgForDocuments = await database();
  const failed = await pgForDocuments.query(
    `update public.documents d set status = 'error', error = 'Failed for the fuzz'
     where d.id in (select distinct on (user_id) id from public.documents where user_id = any($1::uuid[]) order by user_id, created_at, id)
       and not exists (select 1 from public.documents e where e.user_id = d.user_id and e.status = 'error')
     returning d.id`,
    [Object.values(people).map((person) => person.id)],
  );
  if (failed.rows.length) added = true;
  for (const [owner, keys] of rows.apiKeys) {
    for (let count = keys.length; count < 2; count++) {
      expect((await app.client.call("/api/keys", { method: "POST", as: people[owner], body: { name: `Key of ${owner}` } })).status).toBe(201);
      added = true;
    }
  }
  for (const [owner, writing] of rows.writing) {
    if (writing.length > 0) continue;
    const pg = await database();
    const chat = await pg.query<{ id: string }>("insert into chats (user_id, title) values ($1, 'Being written') returning id", [people[owner].id]);
    await pg.query("insert into messages (chat_id, user_id, role, content, status) values ($1, $2, 'assistant', 'So far', 'streaming')", [chat.rows[0]!.id, people[owner].id]);
    added = true;
  }
  for (const [owner, feedback] of rows.feedback) {
    if (feedback.length > 0) continue;
    expect((await app.client.call("/api/feedback", { method: "POST", as: people[owner], body: { rating: 3, comment: `From ${owner}`, page: "/chat" } })).status).toBe(201);
    added = true;
  }
  if (rows.alerts.length === 0) {
    const pg = await database();
    await pg.query("insert into private.alert_events (rule, key, severity, summary, delivery) values ('health', 'health', 'critical', 'Fuzzed alert', 'skipped')");
    added = true;
  }
  if (added) forget();
  rowsCache = added ? await readRows() : rows;
  return rowsCache;
}

async function readRows(): Promise<Rows> {
  const pg = await database();
  const owners = Object.entries(people) as [Owner, Person][];
  const ownerOf = new Map(owners.map(([owner, person]) => [person.id, owner]));
  const chats = await pg.query<{ id: string; user_id: string }>("select id, user_id from chats order by created_at, id");
  const messages = await pg.query<{ id: string; chat_id: string; user_id: string; role: string }>(
    "select id, chat_id, user_id, role from messages order by created_at, seq",
  );
  const shares = await pg.query<{ id: string; token: string; user_id: string }>("select id, token, user_id from chat_shares order by created_at, id");
  const documents = await pg.query<{ id: string; user_id: string }>("select id, user_id from public.documents order by created_at, id");
  const writing = await pg.query<{ chat_id: string; user_id: string }>("select distinct chat_id, user_id from messages where status = 'streaming' order by chat_id");
  const feedback = await pg.query<{ id: string; user_id: string }>("select id, user_id from public.feedback order by created_at, id");
  const alerts = await pg.query<{ id: string }>("select id from private.alert_events order by fired_at, id");
  const apiKeys = await pg.query<{ id: string; user_id: string }>("select id, user_id from api_keys where revoked_at is null order by created_at, id");
  const writingChats = new Set(writing.rows.map((row) => row.chat_id));
  const rows: Rows = { chats: new Map(), writing: new Map(), messages: new Map(), shares: new Map(), documents: new Map(), feedback: new Map(), alerts: alerts.rows.map((row) => row.id), apiKeys: new Map() };
  for (const [owner] of owners) {
    rows.documents.set(owner, []);
    rows.feedback.set(owner, []);
    rows.chats.set(owner, []);
    rows.writing.set(owner, []);
    rows.messages.set(owner, []);
    rows.shares.set(owner, []);
    rows.apiKeys.set(owner, []);
  }
  for (const key of apiKeys.rows) {
    const owner = ownerOf.get(key.user_id);
    if (owner) rows.apiKeys.get(owner)!.push(key.id);
  }
  for (const document of documents.rows) {
    const owner = ownerOf.get(document.user_id);
    if (owner) rows.documents.get(owner)!.push(document.id);
  }
  for (const row of feedback.rows) {
    const owner = ownerOf.get(row.user_id);
    if (owner) rows.feedback.get(owner)!.push(row.id);
  }
  for (const share of shares.rows) {
    const owner = ownerOf.get(share.user_id);
    if (owner) rows.shares.get(owner)!.push({ id: share.id, token: share.token });
  }
  for (const chat of chats.rows) {
    const owner = ownerOf.get(chat.user_id);
    if (owner) rows[writingChats.has(chat.id) ? "writing" : "chats"].get(owner)!.push(chat.id);
  }
  for (const message of messages.rows) {
    const owner = ownerOf.get(message.user_id);
    if (owner && !writingChats.has(message.chat_id)) rows.messages.get(owner)!.push({ id: message.id, chatId: message.chat_id, role: message.role });
  }
  return rows;
}

// A stand-in when the owner has no such row (left alone: deleted by an earlier case).
const missingId = "7a3b0c4e-0000-4000-8000-000000000000";

function resolveRef(reference: Ref & { upper?: boolean }, rows: Rows): string {
  const pick = <T>(list: T[]) => (list.length ? list[reference.index % list.length] : undefined);
  const chats = rows.chats.get(reference.owner) ?? [];
  const messages = rows.messages.get(reference.owner) ?? [];
  // A chat with a reply, and its latest reply, picked by the same index: a delete that succeeds.
  const chatsWithReplies = chats.filter((chat) => messages.some((message) => message.chatId === chat && message.role === "assistant"));
  let id: string | undefined;
  if (reference.$ref === "chat") id = pick(chats);
  else if (reference.$ref === "replyChat") id = pick(chatsWithReplies);
  else if (reference.$ref === "writingChat") id = pick(rows.writing.get(reference.owner) ?? []);
  else if (reference.$ref === "message") id = pick(messages)?.id;
  else if (reference.$ref === "reply") id = pick(messages.filter((message) => message.role === "assistant"))?.id;
  else if (reference.$ref === "share") id = pick(rows.shares.get(reference.owner) ?? [])?.id;
  else if (reference.$ref === "document") id = pick(rows.documents.get(reference.owner) ?? []);
  else if (reference.$ref === "feedback") id = pick(rows.feedback.get(reference.owner) ?? []);
  else if (reference.$ref === "alert") id = pick(rows.alerts);
  else if (reference.$ref === "apiKey") id = pick(rows.apiKeys.get(reference.owner) ?? []);
  // A token is no id: a missing one stands in as a well-formed token that names nothing.
  else if (reference.$ref === "shareToken") return pick(rows.shares.get(reference.owner) ?? [])?.token ?? "A".repeat(43);
  else if (reference.$ref === "person") id = people[reference.owner].id;
  // A plan's id is a slug, not a uuid: a missing one is a well-formed slug that names nothing.
  else if (reference.$ref === "plan") return { alice: "free", bob: "pro", admin: "fuzz-missing" }[reference.owner];
  else {
    const chatId = pick(chatsWithReplies);
    id = messages.filter((message) => message.chatId === chatId && message.role === "assistant").at(-1)?.id;
  }
  id ??= missingId;
  return reference.upper ? id.toUpperCase() : id;
}

function resolveRefs(value: unknown, rows: Rows): unknown {
  if (isRef(value)) return resolveRef(value, rows);
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, rows));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: resolveRefs(item, rows), enumerable: true, configurable: true, writable: true });
    }
    return out;
  }
  return value;
}

/** The person a success would use up is replaced by one of their own (a new account, a new session). */
async function standIn(route: FuzzRoute, who: Owner): Promise<{ cookie: string; token: string }> {
  if (route.consumes === "account") {
    forget();
    const person = await app.client.signUp(`Throwaway${who}`);
    return { cookie: person.cookie, token: person.accessToken };
  }
  const token = route.consumes === "session" ? await mint(people[who]) : people[who].accessToken;
  return { cookie: `mneme-session=${token}`, token };
}

type Validity = "valid" | "invalid" | "unknown";

/** The Cookie and Authorization headers of an identity, and whether it names a live session. */
async function credentialsOf(route: FuzzRoute, who: Identity): Promise<{ headers: [string, string][]; user: Validity; bearer?: string }> {
  switch (who.kind) {
    case "none":
      return { headers: [], user: "invalid" };
    case "cookie": {
      const { cookie } = await standIn(route, who.who);
      return { headers: [["cookie", cookie]], user: "valid" };
    }
    case "bearer": {
      const { token } = await standIn(route, who.who);
      return { headers: [["authorization", `Bearer ${token}`]], user: "valid", bearer: token };
    }
    case "newcomer": {
      // Signed up in advance, used once: a success leaves them no longer new, so no case reuses them.
      const person = newcomers.pop() ?? (forget(), await app.client.signUp("Newcomer"));
      const headers: [string, string][] = who.as === "cookie" ? [["cookie", person.cookie]] : [["authorization", `Bearer ${person.accessToken}`]];
      return { headers, user: "valid", bearer: who.as === "bearer" ? person.accessToken : undefined };
    }
    case "cookie and bearer": {
      const { token } = await standIn(route, who.bearer);
      return { headers: [["cookie", people[who.cookie].cookie], ["authorization", `Bearer ${token}`]], user: "valid", bearer: token };
    }
    case "token": {
      const token = typeof who.token === "string" ? forged[who.token] : headerValue(who.token.garbage);
      const user: Validity = who.token === "deleted user" ? "unknown" : "invalid";
      if (who.as === "cookie") return { headers: [["cookie", `mneme-session=${token}`]], user };
      const bearer = /^\S+$/.test(token) ? token : undefined;
      return { headers: [["authorization", `Bearer ${token}`]], user, bearer };
    }
    case "authorization":
      return { headers: [["authorization", headerValue(who.value)]], user: "invalid" };
    case "cookie header":
      return { headers: [["cookie", headerValue(who.value)]], user: "invalid" };
  }
}

const isRawSegment = (value: unknown): value is RawSegment => typeof value === "object" && value !== null && "raw" in value;

/**
 * Pages and API paths with a percent-escape pass through the proxy (its matcher in proxy.ts), and
 * Next reads the whole body of a proxied write before it goes on, as any server may: a declared
 * length it never gets is waited for, not refused. Such cases are sent with their true length.
 */
function waitsForBody(method: string, target: string): boolean {
  if (["GET", "HEAD"].includes(method)) return false;
  const pathname = new URL(target, "http://x").pathname;
  if (pathname.startsWith("/api/")) return pathname.includes("%");
  return !/^\/(?:_next\/|monitoring$|monitoring\/)/.test(pathname);
}

function targetOf(route: FuzzRoute, fuzzCase: FuzzCase, rows: Rows): string {
  let target = route.path;
  for (const [name, value] of Object.entries(fuzzCase.params)) {
    const segment = isRef(value) ? resolveRef(value, rows) : isRawSegment(value) ? value.raw : encode(String(value));
    target = target.replace(name === "path" ? "[...path]" : `[${name}]`, segment);
  }
  return `${target}${fuzzCase.query}`;
}

/** A Sentry envelope for the tunnel: for our project, for whatever DSN the case made up, or not one at all. */
function envelopeBytes(body: FuzzBody): Buffer {
  const replaced = body.kind === "field envelope replaced" ? (body.json as { envelope: unknown }).envelope : undefined;
  if (body.kind !== "valid" && replaced === undefined) return bodyBytes(body, {} as Rows);
  const header = JSON.stringify({ dsn: body.kind === "valid" ? sentry.dsn() : replaced, sent_at: new Date().toISOString() });
  // A client report, not an event: the suite counts the error events the server itself reports.
  return Buffer.from(`${header}\n{"type":"client_report"}\n{"timestamp":1,"discarded_events":[]}\n`);
}

const multipartBoundary = "fuzz-boundary-7d1c2f";

/** The body as a form: each field a part, `{ name, text }` a file; raw and byte bodies go as they are. */
function multipartBytes(body: FuzzBody, rows: Rows): Buffer {
  const value = body.raw === undefined && !body.bytes ? resolveRefs(body.json, rows) : undefined;
  if (!value || typeof value !== "object" || Array.isArray(value)) return bodyBytes(body, rows);
  const quote = (text: string) => text.replace(/["\r\n]/g, "_");
  const parts = Object.entries(value as Record<string, unknown>).map(([key, field]) => {
    const isFile = field !== null && typeof field === "object" && "name" in field && "text" in field;
    const file = field as { name: unknown; text: unknown };
    const head = isFile
      ? `Content-Disposition: form-data; name="${quote(key)}"; filename="${quote(String(file.name))}"\r\nContent-Type: application/octet-stream`
      : `Content-Disposition: form-data; name="${quote(key)}"`;
    const content = isFile ? String(file.text) : typeof field === "string" ? field : JSON.stringify(field);
    return `--${multipartBoundary}\r\n${head}\r\n\r\n${content}\r\n`;
  });
  return Buffer.from(`${parts.join("")}--${multipartBoundary}--\r\n`, "utf8");
}

function bodyBytes(body: FuzzBody, rows: Rows): Buffer {
  if (body.bytes) return Buffer.from(body.bytes);
  if (body.raw !== undefined) return Buffer.from(body.raw, "utf8");
  const value = resolveRefs(body.json, rows);
  if (!body.nest && !body.pad) return Buffer.from(JSON.stringify(value) ?? "null", "utf8");
  // Spliced in as text: JSON.stringify recurses, and 30,000 levels overflow its stack.
  const object = { ...(value as Record<string, unknown>) };
  if (body.nest) object[body.nest.key] = "\u0000nest";
  if (body.pad) object.padding = "\u0000pad";
  let text = JSON.stringify(object);
  if (body.nest) {
    const [open, close] = body.nest.asObject ? ['{"a":', "}"] : ["[", "]"];
    text = text.replace('"\\u0000nest"', `${open.repeat(body.nest.depth)}1${close.repeat(body.nest.depth)}`);
  }
  if (body.pad) text = text.replace('"\\u0000pad"', `"${"x".repeat(body.pad)}"`);
  return Buffer.from(text, "utf8");
}

// ---------------------------------------------------------------------------------------------
// What every answer must be

const statusOfCode: Record<string, number[]> = {
  invalid_input: [400],
  unauthorized: [401],
  forbidden: [403],
  account_suspended: [403],
  not_found: [404],
  method_not_allowed: [405],
  conflict: [409],
  payload_too_large: [413],
  unsupported_media_type: [415],
  unprocessable: [422],
  rate_limited: [429],
  quota_exceeded: [429],
};

/** What must never reach a client: stack frames, source paths, the database's own words. */
const leaks: [string, RegExp][] = [
  ["a stack frame", /\bat (?:async )?[\w$.<>]+ \(|\bat (?:file:\/\/)?\/[\w./-]+:\d+:\d+/],
  ["a source path", /\/work\/|node_modules|\.next\/|\/app\/\(|webpack:|turbopack:|\.tsx?:\d+/i],
  ["a database error", /syntax error at or near|violates (?:foreign key|check|unique|not-null) constraint|duplicate key value|invalid input syntax for|invalid byte sequence|out of range for type|relation "[^"]*" does not exist|SQLSTATE|PGlite|postgres\.js|drizzle/i],
  ["an error class", /\b(?:TypeError|RangeError|SyntaxError|ReferenceError|ZodError|AppError)\b/],
];

interface Sent {
  route: FuzzRoute;
  method: AnyMethod;
  target: string;
  /** The path as the server resolves it (dot segments removed), still percent-encoded. */
  pathname: string;
  /** Valid user or not; when known, the answer to a bad identity is known too. */
  user: Validity;
  crossSite: boolean;
  bearer?: string;
  requestId?: string;
  /** The bytes on the wire may be refused by Node's HTTP parser before the app sees them. */
  framingBroken: boolean;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function isCrossSite(headers: FuzzHeaders, host: string): boolean {
  if (headers.secFetchSite === "cross-site") return true;
  if (headers.origin === undefined) return false;
  const origin = headers.origin === "{self}" ? `http://${host}` : headers.origin;
  try {
    return new URL(origin).host !== (headers.forwardedHost ?? host);
  } catch {
    return true;
  }
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** The answer a request must get when it is decidable from the case alone (method, identity, origin). */
function expectedError(sent: Sent): { status: number; code: string } | null {
  const { route, method } = sent;
  // A path that is not percent-encoded UTF-8 names nothing, whoever asks and however.
  if (!isDecodable(sent.pathname)) return { status: 404, code: "not_found" };
  if (method === "HEAD" || method === "OPTIONS") return null;
  if (!route.methods.includes(method)) return { status: 405, code: "method_not_allowed" };
  if (route.path === "/api/[...path]") return { status: 404, code: "not_found" };
  if (route.access === "cron") return sent.bearer === cronSecret ? null : { status: 401, code: "unauthorized" };
  if (route.access === "metrics") return sent.bearer === metricsToken ? null : { status: 401, code: "unauthorized" };
  if (route.access === "user" || route.access === "admin") {
    if (sent.user === "invalid") return { status: 401, code: "unauthorized" };
    if (sent.user === "valid" && sent.crossSite && !safeMethods.has(method) && !sent.bearer) return { status: 403, code: "forbidden" };
  }
  return null;
}

/**
 * Node's HTTP parser refused the bytes (a length that is no number, a head over 16 KiB): its bare
 * 400 or 431 has no request id. Told by the answer, not the case: a head the suite thought too
 * big may still be taken, and then the app answered (and may have written) as usual.
 */
const isRefusedByNode = (sent: Sent, response: RawResponse) =>
  sent.framingBroken && response.headers.get("x-request-id") === null && (response.status === 400 || response.status === 431);

/** The Sentry check answers 500 on purpose (DEPLOY.md): an admin forcing one unexpected error. */
const isSentryCheck = (sent: Sent, response: RawResponse) =>
  sent.route.path === "/api/admin/sentry-check" && sent.method === "POST" && response.status === 500;

function checkAnswer(sent: Sent, response: RawResponse): void {
  const shown = response.text.slice(0, 2000);
  for (const [what, pattern] of leaks) {
    const found = pattern.exec(response.text);
    if (found) throw new Error(`the answer (${response.status}) shows ${what}: ${JSON.stringify(found[0])} in ${JSON.stringify(shown)}`);
  }
  // Dot segments can lead out of the API (`/api/zz/../..` is `/`): pages answer there, in HTML.
  if (!/^\/(?:api\/|monitoring$)/.test(sent.pathname)) return;
  const requestIdHeader = response.headers.get("x-request-id");
  // Next itself redirects `/api/chats/` to `/api/chats` (and `//` to `/`) before any code of ours
  // runs; dot segments can make such a path (`/api/feedback/votes/%2e%2e` is `/api/feedback/`).
  const isUntidy = (path: string) => /\/$|\/\//.test(path);
  if (requestIdHeader === null && response.status === 308 && (isUntidy(sent.target.split("?")[0]!) || isUntidy(sent.pathname))) return;
  if (requestIdHeader === null) {
    // Only Node's HTTP parser answers without one, and only to bytes that are not HTTP.
    if (isRefusedByNode(sent, response)) return;
    throw new Error(`answer ${response.status} without X-Request-Id: ${JSON.stringify(shown)}`);
  }
  if (sent.requestId && /^[A-Za-z0-9._:-]{8,128}$/.test(sent.requestId)) expect(requestIdHeader, "X-Request-Id echoes a well-formed one").toBe(sent.requestId);
  else expect(requestIdHeader).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);

  if (response.status >= 500 && !isSentryCheck(sent, response)) throw new Error(`a ${response.status} answer: ${JSON.stringify(shown)}`);
  // Known answers hold for the route's own path; a path whose dot segments lead elsewhere is another route's.
  const isOwnPath = sent.pathname === sent.target.split("?")[0];
  const expected = isOwnPath ? expectedError(sent) : null;
  if (expected) expect(response.status, `expected ${expected.status} ${expected.code}; got ${shown}`).toBe(expected.status);

  if (response.status >= 400 && sent.method !== "HEAD") {
    expect(response.headers.get("content-type"), `a ${response.status} is JSON`).toMatch(/^application\/json/);
    const body = JSON.parse(response.text) as { error?: { code?: unknown } };
    expect(body, "the error shape of API.md").toEqual({ error: { code: expect.any(String), message: expect.any(String), requestId: requestIdHeader } });
    const code = body.error!.code as string;
    if (isSentryCheck(sent, response)) expect(code).toBe("internal");
    else expect(statusOfCode[code], `code ${code} answers ${statusOfCode[code]?.join(" or ")} in API.md, not ${response.status}`).toContain(response.status);
    if (expected) expect(code).toBe(expected.code);
    if (response.status === 429) expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    if (response.status === 405 && isOwnPath) expect(response.headers.get("allow")).toBe(sent.route.methods.join(", "));
  }
  if (response.status < 300 && /^text\/event-stream/.test(response.headers.get("content-type") ?? "")) {
    // A stream that fails after its 200 says so in an `error` event: never with the code of a bug.
    for (const match of response.text.matchAll(/^event: error\ndata: (.*)$/gm)) {
      const data = JSON.parse(match[1]!) as { code: string };
      expect(data.code, `the stream ended with ${match[1]}`).not.toBe("internal");
    }
  } else if (response.status < 300 && /^application\/json/.test(response.headers.get("content-type") ?? "") && sent.method !== "HEAD" && !response.incomplete) {
    expect(() => JSON.parse(response.text), "a JSON answer parses").not.toThrow();
    if (isOwnPath) checkDocumentedAnswer(sent.method, sent.pathname, response.status, response.headers.get("content-type"), response.text);
  }
}

// ---------------------------------------------------------------------------------------------
// The cases

function caseArbitrary(route: FuzzRoute): fc.Arbitrary<FuzzCase> {
  const method = fc.oneof({ weight: 9, arbitrary: fc.constantFrom<AnyMethod>(...route.methods) }, { weight: 1, arbitrary: fc.constantFrom(...methods) });
  // The scheduler's and the scraper's routes know one caller, by its secret: it comes often too.
  const secret = route.access === "cron" ? "cron secret" : route.access === "metrics" ? "metrics token" : null;
  const caller: fc.Arbitrary<Identity> = secret
    ? fc.oneof({ weight: 1, arbitrary: fc.constant<Identity>({ kind: "token", as: "bearer", token: secret }) }, { weight: 1, arbitrary: identity })
    : identity;
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, kind] of Object.entries(route.params ?? {})) params[name] = pathId(kind);
  if (route.path.includes("[...path]")) {
    params.path = fc
      .array(fc.oneof(fc.stringMatching(/^zz[a-z0-9-]{0,20}$/), anyString.map(encode), fc.constantFrom("%zz", "..", "%2e%2e", "chats%2F..")), { minLength: 1, maxLength: 4 })
      .map((segments): RawSegment => ({ raw: `zz/${segments.join("/")}` }));
  }
  const bodies = Object.fromEntries(Object.entries(route.body ?? {}).map(([key, valid]) => [key, fuzzBody(valid)]));
  const strayBody = fuzzBody(fc.constant({}));
  return method.chain((chosen) =>
    fc.record({
      method: fc.constant(chosen),
      params: fc.record(params),
      query: fuzzQuery(route.query ?? {}, route.validQuery),
      identity: caller,
      headers: fuzzHeaders,
      body: bodies[chosen] ?? fc.option(strayBody, { freq: 4, nil: undefined }),
    }),
  );
}

const noHeaders: FuzzHeaders = {
  contentType: undefined,
  origin: undefined,
  secFetchSite: undefined,
  requestId: undefined,
  forwardedFor: undefined,
  forwardedHost: undefined,
  framing: undefined,
  userAgent: undefined,
};

/**
 * The cases every route runs first, whatever the seed: one valid call per method, by Alice (the
 * admin on admin routes, the scheduler or scraper by its secret), so every handler is reached.
 */
function examplesOf(route: FuzzRoute): FuzzCase[] {
  return route.methods.map((method): FuzzCase => ({
    method,
    params: Object.fromEntries(Object.entries(route.params ?? {}).map(([name, kind]) => [name, { $ref: kind, owner: "alice", index: 1 }])),
    query: "",
    identity:
      route.access === "cron" ? { kind: "token", as: "bearer", token: "cron secret" }
      : route.access === "metrics" ? { kind: "token", as: "bearer", token: "metrics token" }
      : { kind: "bearer", who: route.access === "admin" ? "admin" : "alice" },
    headers: noHeaders,
    body: route.example?.[method] ? { kind: "valid", json: route.example[method] } : undefined,
  }));
}

/**
 * The database as the last error answer left it, while nothing has written since: the next case's
 * "before" (reading it once per case instead of twice). Whatever writes outside the case under
 * test (a success, a stand-in's sign-up, a new chat for the refs) forgets it, and the rows refs name.
 */
let unchanged: DbSnapshot | null = null;
let rowsCache: Rows | null = null;
const forget = () => {
  unchanged = null;
  rowsCache = null;
};

const statusCounts = new Map<string, Map<number, number>>();
const caseCounts = new Map<string, number>();

async function runCase(route: FuzzRoute, fuzzCase: FuzzCase): Promise<void> {
  const label = route.path;
  caseCounts.set(label, (caseCounts.get(label) ?? 0) + 1);
  const host = new URL(app.baseUrl).host;
  const rows = await loadRows();
  const credentials = await credentialsOf(route, fuzzCase.identity);
  const { headers: fuzzed } = fuzzCase;
  const headers: [string, string][] = [...credentials.headers];
  const body = fuzzCase.body
    ? route.bodyType === "bytes"
      ? envelopeBytes(fuzzCase.body)
      : route.bodyType === "multipart"
        ? multipartBytes(fuzzCase.body, rows)
        : bodyBytes(fuzzCase.body, rows)
    : undefined;
  const defaultType = route.bodyType === "bytes" ? "text/plain;charset=UTF-8" : route.bodyType === "multipart" ? `multipart/form-data; boundary=${multipartBoundary}` : "application/json";
  if (body) headers.push(["content-type", headerValue(fuzzed.contentType ?? defaultType)]);
  if (fuzzed.origin !== undefined) headers.push(["origin", fuzzed.origin === "{self}" ? `http://${host}` : fuzzed.origin]);
  if (fuzzed.secFetchSite !== undefined) headers.push(["sec-fetch-site", fuzzed.secFetchSite]);
  if (fuzzed.requestId !== undefined) headers.push(["x-request-id", headerValue(fuzzed.requestId)]);
  if (fuzzed.forwardedFor !== undefined) headers.push(["x-forwarded-for", headerValue(fuzzed.forwardedFor)]);
  if (fuzzed.forwardedHost !== undefined) headers.push(["x-forwarded-host", fuzzed.forwardedHost]);
  if (fuzzed.userAgent !== undefined) headers.push(["user-agent", headerValue(fuzzed.userAgent)]);
  let sentBody = body;
  let contentLength: string | null | undefined;
  if (fuzzed.framing === "truncated") sentBody = body?.subarray(0, Math.floor(body.length / 2));
  else if (fuzzed.framing === "empty") [sentBody, contentLength] = [undefined, "0"];
  else if (fuzzed.framing === "absent") [sentBody, contentLength] = [undefined, null];
  else if (fuzzed.framing === "huge" && !waitsForBody(fuzzCase.method, targetOf(route, fuzzCase, rows))) contentLength = "1000000000";
  else if (fuzzed.framing === "garbage") contentLength = "12abc";
  const target = targetOf(route, fuzzCase, rows);
  const headBytes = target.length + headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);

  const sent: Sent = {
    route,
    method: fuzzCase.method,
    target,
    pathname: new URL(target, app.baseUrl).pathname,
    user: credentials.user,
    crossSite: isCrossSite(fuzzed, host),
    bearer: credentials.bearer,
    requestId: fuzzCase.headers.requestId === undefined ? undefined : headerValue(fuzzCase.headers.requestId),
    // Node refuses a content-length that is not a number, and request heads over 16 KiB.
    framingBroken: contentLength === "12abc" || headBytes > 15_000,
  };

  const before = unchanged ?? (await snapshot());
  const response = await sendRaw(app.baseUrl, { method: fuzzCase.method, target, headers, body: sentBody, contentLength, chunked: fuzzed.framing === "chunked" });
  const counts = statusCounts.get(label) ?? new Map<number, number>();
  counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
  statusCounts.set(label, counts);
  checkAnswer(sent, response);

  if (isRefusedByNode(sent, response)) {
    // Never reached the app: nothing to compare, nothing changed.
    unchanged = before;
  } else if (response.status >= 400) {
    const after = await snapshot();
    const changes = diffSnapshots(before, after);
    if (changes.length) {
      const report = changes.map(({ table, added, removed }) => `${table}: +${JSON.stringify(added).slice(0, 800)} -${JSON.stringify(removed).slice(0, 800)}`);
      throw new Error(`the ${response.status} answer (${response.text.slice(0, 300)}) changed ${changes.map((change) => change.table).join(", ")}:\n${report.join("\n")}`);
    }
    unchanged = after;
  } else {
    forget();
  }
}

/**
 * The routes whose index is `shard` modulo `shards`, each with its seed (seed + its index in the
 * whole table, whichever shard runs it). The suite is cut in shards so that its files run side by
 * side, each with its own app and database, on as many workers as the machine has.
 */
export function fuzzShard(shard: number, shards: number) {
  describe(`fuzzing every route, shard ${shard + 1} of ${shards} (seed ${seed}, ${runs} cases per route)`, () => {
    beforeAll(() => {
      console.log(`fuzz: seed ${seed}, ${runs} cases per route (${Math.max(1, Math.round(runs / 3))} for slow routes); replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
    });

    afterAll(() => {
      const lines = fuzzRoutes.filter((_, index) => index % shards === shard).map((route) => {
        const counts = [...(statusCounts.get(route.path) ?? new Map<number, number>())].sort(([a], [b]) => a - b);
        return `  ${route.path.padEnd(34)} ${String(caseCounts.get(route.path) ?? 0).padStart(5)} cases   ${counts.map(([status, count]) => `${status}×${count}`).join(" ")}`;
      });
      const total = [...caseCounts.values()].reduce((sum, count) => sum + count, 0);
      console.log(`fuzz: ${total} cases, seed ${seed}\n${lines.join("\n")}`);
    });

    // Once, in the first shard.
    if (shard === 0) it("the table lists every route file of the app, with its methods", () => {
      const root = path.resolve(import.meta.dirname, "../..");
      const files = fs
        .readdirSync(path.join(root, "app"), { recursive: true, encoding: "utf8" })
        .filter((file) => path.basename(file) === "route.ts")
        .map((file) => `app/${file.split(path.sep).join("/")}`)
        .sort();
      expect(fuzzRoutes.map((route) => route.file).sort()).toEqual(files);
      for (const route of fuzzRoutes) {
        const source = fs.readFileSync(path.join(root, route.file), "utf8");
        const declared = [...source.matchAll(/^\s{2}(GET|POST|PUT|PATCH|DELETE):/gm)].map((match) => match[1] as Method);
        expect(declared, route.file).toEqual(route.methods);
      }
    });

    for (const [index, route] of fuzzRoutes.entries()) {
      if (index % shards !== shard) continue;
      it(`${route.methods.join(" ")} ${route.path}`, { timeout: 600_000 }, async () => {
        await fc.assert(
          fc.asyncProperty(caseArbitrary(route), (fuzzCase) => runCase(route, fuzzCase)),
          { seed: seed + index, numRuns: runsFor(route), examples: examplesOf(route).map((example) => [example]), endOnFailure: process.env.FUZZ_SHRINK !== "1" },
        );
        const reached = [...(statusCounts.get(route.path) ?? new Map<number, number>()).keys()];
        if (route.path !== "/api/[...path]" && route.path !== "/api/admin/sentry-check") {
          expect(reached.some((status) => status < 300), `some case of ${route.path} got through to a success: ${reached.join(", ")}`).toBe(true);
        }
      });
    }

    it("no error reached Sentry but the admin's Sentry check", async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const messages = sentry.errorEvents().map((event) => JSON.stringify(event.exception ?? event.message).slice(0, 300));
      expect(messages.filter((message) => !message.includes("Sentry check: an error forced by admin"))).toEqual([]);
    });
  });
}
