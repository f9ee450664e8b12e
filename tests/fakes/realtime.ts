import type http from "node:http";
import type { Duplex } from "node:stream";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import postgres from "postgres";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { FakeGoTrue } from "./gotrue";

/**
 * A stand-in for Supabase Realtime under `/realtime/v1`, speaking what supabase-js's realtime-js
 * speaks: Phoenix channels over a WebSocket (`/realtime/v1/websocket?apikey=…&vsn=1.0.0|2.0.0`; the
 * 2.0.0 serializer's JSON arrays and its binary user broadcasts), with `phx_join`, `phx_leave`,
 * `heartbeat`, `access_token`, and three extensions:
 *
 * - **postgres_changes**: the rows that committed changes to tables of the `supabase_realtime`
 *   publication, captured by triggers this fake installs (Realtime reads the WAL; PGlite has no
 *   logical replication) and sent to each subscription whose schema, table, event and filter match,
 *   only when the row is visible to the subscriber through row level security, as its JWT's role
 *   with its claims, and carrying only the columns that role may select. A DELETE cannot be checked
 *   (the row is gone): it goes to every subscription of the table, filter or not, with the primary
 *   key alone, as on Supabase.
 * - **broadcast**: from clients (to the topic's other subscribers; `self` and `ack` as configured),
 *   from `POST /realtime/v1/api/broadcast`, and from the database (`realtime.send`).
 * - **private channels**: joining one needs the subscriber to read a row of the topic in
 *   `realtime.messages` through its policies (`realtime.topic()` set to the topic), sending needs
 *   them to insert one; the check runs in a transaction that is rolled back, as Realtime's does.
 *   Public channels are open to anyone with the publishable key unless `allowPublicAccess` is off.
 *
 * Tokens are verified against the project's JWKS; an expired one closes the channels it opened.
 * Presence is not modelled (the app does not use it): a join asking for it is refused.
 */
export interface FakeRealtime {
  /** Joined channels, as `topic` strings, for asserting what a browser subscribed to. */
  topics(): string[];
  /** Realtime's "Allow public access" setting (on by default, as on Supabase). */
  allowPublicAccess: boolean;
  close(): Promise<void>;
}

interface Options {
  /** The project's gateway: the fake GoTrue's server, its URL (whose JWKS verifies tokens) and keys. */
  gateway: FakeGoTrue;
  /** The project database, as Realtime connects to it. */
  databaseUrl: string;
}

type Claims = JWTPayload & { role?: string };
type Sql = postgres.Sql;

interface PostgresBinding {
  id: number;
  event: string;
  schema: string;
  table?: string;
  filter?: string;
}

interface Channel {
  topic: string;
  joinRef: string;
  isPrivate: boolean;
  broadcastSelf: boolean;
  broadcastAck: boolean;
  canSend: boolean;
  bindings: PostgresBinding[];
  claims: Claims;
}

interface Client {
  socket: WebSocket;
  vsn: "1.0.0" | "2.0.0";
  channels: Map<string, Channel>;
}

interface Change {
  id: number;
  schema: string;
  table: string;
  type: "INSERT" | "UPDATE" | "DELETE";
  record: Record<string, unknown> | null;
  old_record: Record<string, unknown> | null;
  primary_key: string[];
  columns: { name: string; type: string }[];
  commit_timestamp: string;
}

const phoenixTopic = "phoenix";
const heartbeatTimeoutMs = 60_000;

/** The trigger that stands in for logical decoding, on every table of the publication. */
const captureSql = `
  create schema if not exists _realtime;
  revoke all on schema _realtime from public;
  create table if not exists _realtime.changes (
    id bigserial primary key, schema text not null, "table" text not null, type text not null,
    record jsonb, old_record jsonb, primary_key text[] not null, columns jsonb not null,
    commit_timestamp timestamptz not null default now());
  create or replace function _realtime.capture() returns trigger language plpgsql security definer
  set search_path = '' as $$
  declare
    keys text[] := array(
      select a.attname::text from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
       where i.indrelid = tg_relid and i.indisprimary order by a.attnum);
    old_keys jsonb;
  begin
    if tg_op <> 'INSERT' then
      select jsonb_object_agg(key, value) into old_keys from jsonb_each(to_jsonb(old)) where key = any(keys);
    end if;
    insert into _realtime.changes (schema, "table", type, record, old_record, primary_key, columns)
    values (tg_table_schema, tg_table_name, tg_op,
      case when tg_op = 'DELETE' then null else to_jsonb(new) end, old_keys, keys,
      (select jsonb_agg(jsonb_build_object('name', a.attname, 'type', format_type(a.atttypid, null)) order by a.attnum)
         from pg_attribute a where a.attrelid = tg_relid and a.attnum > 0 and not a.attisdropped));
    return null;
  end $$;
  revoke execute on function _realtime.capture() from public;`;

async function installCapture(sql: Sql): Promise<void> {
  await sql.unsafe(captureSql);
  const tables = await sql<{ schemaname: string; tablename: string }[]>`
    select schemaname, tablename from pg_publication_tables where pubname = 'supabase_realtime'
    union select 'realtime', 'messages'`;
  for (const { schemaname, tablename } of tables) {
    const target = `${quoteIdentifier(schemaname)}.${quoteIdentifier(tablename)}`;
    await sql.unsafe(`drop trigger if exists zz_realtime_capture on ${target};
      create trigger zz_realtime_capture after insert or update or delete on ${target} for each row execute function _realtime.capture()`);
  }
}

/** `column=op.value` as realtime-js sends it; eq, neq, lt, lte, gt, gte and in are Realtime's. */
function matchesFilter(filter: string | undefined, record: Record<string, unknown>): boolean {
  if (!filter) return true;
  const match = /^([^=]+)=(eq|neq|lt|lte|gt|gte|in)\.(.*)$/.exec(filter);
  if (!match) return false;
  const [, column = "", op, value = ""] = match;
  const actual = record[column];
  if (actual === undefined) return false;
  const text = actual === null ? "null" : String(actual);
  switch (op) {
    case "eq":
      return text === value;
    case "neq":
      return text !== value;
    case "in":
      return value.replace(/^\(|\)$/g, "").split(",").map((item) => item.trim()).includes(text);
    default: {
      const [a, b] = [Number(actual), Number(value)];
      return op === "lt" ? a < b : op === "lte" ? a <= b : op === "gt" ? a > b : a >= b;
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function startFakeRealtime({ gateway, databaseUrl }: Options): Promise<FakeRealtime> {
  const { server, url, publishableKey, secretKey } = gateway;
  const sql = postgres(databaseUrl, { prepare: false, max: 2, onnotice: () => {} });
  await installCapture(sql);
  const jwks = createRemoteJWKSet(new URL(`${url}/auth/v1/.well-known/jwks.json`));
  const clients = new Set<Client>();
  let nextBindingId = 1;
  const settings = { allowPublicAccess: true };

  /** The claims of a token, or of the key alone: the anon role for the publishable key. */
  async function claimsOf(token: string | undefined, apikey: string): Promise<Claims> {
    if (!token || token === apikey) {
      if (apikey === secretKey) return { role: "service_role" };
      return { role: "anon" };
    }
    const { payload } = await jwtVerify(token, jwks, { issuer: `${url}/auth/v1` });
    return payload as Claims;
  }

  /** Runs `work` as the subscriber's role with its claims, in a transaction that is rolled back. */
  async function asSubscriber<T>(claims: Claims, topic: string | null, work: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
    const rolledBack = Symbol("rolled back");
    let result: T | undefined;
    try {
      await sql.begin(async (tx) => {
        await tx`select set_config('role', ${claims.role ?? "anon"}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                        set_config('realtime.topic', ${topic ?? ""}, true)`;
        result = await work(tx);
        throw rolledBack;
      });
    } catch (error) {
      if (error !== rolledBack) throw error;
    }
    return result as T;
  }

  /** Whether the subscriber may read (join) and write (send to) a private topic, by realtime.messages' policies. */
  async function authorise(claims: Claims, subTopic: string): Promise<{ canRead: boolean; canSend: boolean }> {
    if (claims.role === "service_role") return { canRead: true, canSend: true };
    return asSubscriber(claims, subTopic, async (tx) => {
      await tx`set local role supabase_realtime_admin`;
      const [probe] = await tx<{ id: string }[]>`
        insert into realtime.messages (topic, extension, private, event) values (${subTopic}, 'broadcast', true, 'authorization_probe') returning id`;
      await tx`select set_config('role', ${claims.role ?? "anon"}, true)`;
      const [read] = await tx<{ seen: boolean }[]>`select exists (select 1 from realtime.messages where id = ${probe!.id}) as seen`.catch(() => [{ seen: false }]);
      const canSend = await tx
        .savepoint((inner) => inner`insert into realtime.messages (topic, extension, private, event) values (${subTopic}, 'broadcast', true, 'authorization_probe')`)
        .then(
          () => true,
          () => false,
        );
      return { canRead: read!.seen, canSend };
    });
  }

  function encode(client: Client, joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown): string {
    return client.vsn === "2.0.0" ? JSON.stringify([joinRef, ref, topic, event, payload]) : JSON.stringify({ join_ref: joinRef, ref, topic, event, payload });
  }

  function send(client: Client, joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown) {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(encode(client, joinRef, ref, topic, event, payload));
  }

  const reply = (client: Client, message: PhoenixMessage, status: "ok" | "error", response: unknown) =>
    send(client, message.join_ref, message.ref, message.topic, "phx_reply", { status, response });

  /** A user broadcast to one subscriber: the 2.0.0 serializer's binary frame, or JSON for 1.0.0. */
  function deliverBroadcast(client: Client, channel: Channel, event: string, payload: unknown) {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.vsn === "1.0.0") return send(client, null, null, channel.topic, "broadcast", { type: "broadcast", event, payload });
    const encoder = new TextEncoder();
    const [topic, name, body] = [encoder.encode(channel.topic), encoder.encode(event), encoder.encode(JSON.stringify(payload))];
    const frame = new Uint8Array(5 + topic.length + name.length + body.length);
    frame.set([4, topic.length, name.length, 0, 1]);
    frame.set(topic, 5);
    frame.set(name, 5 + topic.length);
    frame.set(body, 5 + topic.length + name.length);
    client.socket.send(frame);
  }

  function broadcast(topic: string, isPrivate: boolean, event: string, payload: unknown, from?: { client: Client; channel: Channel }) {
    for (const client of clients) {
      const channel = client.channels.get(topic);
      if (!channel || channel.isPrivate !== isPrivate) continue;
      if (from && from.client === client && !from.channel.broadcastSelf) continue;
      deliverBroadcast(client, channel, event, payload);
    }
  }

  function closeChannel(client: Client, channel: Channel, reason: string) {
    send(client, channel.joinRef, null, channel.topic, "system", { status: "error", extension: "system", message: reason, channel: channel.topic.replace(/^realtime:/, "") });
    send(client, channel.joinRef, channel.joinRef, channel.topic, "phx_close", {});
    client.channels.delete(channel.topic);
  }

  /** False, and the channel closed, once its token has expired. */
  function isCurrent(client: Client, channel: Channel): boolean {
    if (channel.claims.exp === undefined || channel.claims.exp * 1000 > Date.now()) return true;
    closeChannel(client, channel, "Token has expired 0 seconds ago");
    return false;
  }

  async function visibleRecord(claims: Claims, change: Change): Promise<Record<string, unknown> | null> {
    const target = `${quoteIdentifier(change.schema)}.${quoteIdentifier(change.table)}`;
    const keys = change.primary_key.map((key, index) => `${quoteIdentifier(key)}::text = $${index + 1}`).join(" and ");
    const values = change.primary_key.map((key) => String(change.record?.[key]));
    return asSubscriber(claims, null, async (tx) => {
      const selectable = await tx<{ name: string }[]>`
        select a.attname::text as name from pg_attribute a
         where a.attrelid = ${target}::regclass and a.attnum > 0 and not a.attisdropped
           and has_column_privilege(current_user, a.attrelid, a.attnum, 'SELECT') order by a.attnum`;
      if (selectable.length === 0) return null;
      const fields = selectable.map(({ name }) => `'${name.replaceAll("'", "''")}', ${quoteIdentifier(name)}`).join(", ");
      // Read as the subscriber: a row that its policies hide is not sent.
      const rows = await tx.unsafe<{ row: Record<string, unknown> }[]>(`select jsonb_build_object(${fields}) as row from ${target} where ${keys}`, values).catch(() => []);
      return rows[0]?.row ?? null;
    });
  }

  async function deliverChange(change: Change) {
    if (change.schema === "realtime" && change.table === "messages") {
      const message = change.record;
      if (change.type === "INSERT" && message && message.extension === "broadcast" && message.event !== "authorization_probe") {
        broadcast(`realtime:${String(message.topic)}`, message.private === true, String(message.event), message.payload);
      }
      return;
    }
    for (const client of clients) {
      for (const channel of client.channels.values()) {
        const ids = channel.bindings
          .filter((binding) => (binding.schema === "*" || binding.schema === change.schema) && (!binding.table || binding.table === "*" || binding.table === change.table))
          .filter((binding) => binding.event === "*" || binding.event === change.type)
          .filter((binding) => change.type === "DELETE" || matchesFilter(binding.filter, change.record ?? {}))
          .map((binding) => binding.id);
        if (ids.length === 0 || !isCurrent(client, channel)) continue;
        const record = change.type === "DELETE" ? {} : await visibleRecord(channel.claims, change);
        if (record === null) continue;
        const visibleColumns = change.type === "DELETE" ? change.columns.filter((column) => change.primary_key.includes(column.name)) : change.columns.filter((column) => column.name in record);
        send(client, null, null, channel.topic, "postgres_changes", {
          ids,
          data: {
            schema: change.schema,
            table: change.table,
            commit_timestamp: change.commit_timestamp,
            type: change.type,
            columns: visibleColumns,
            record,
            old_record: change.old_record ?? {},
            errors: null,
          },
        });
      }
    }
  }

  let draining: Promise<void> | null = null;
  let drainAgain = false;
  /** Sends the captured changes in commit order, one drain at a time. */
  function drain() {
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = (async () => {
      do {
        drainAgain = false;
        const changes = await sql<Change[]>`
          delete from _realtime.changes where id in (select id from _realtime.changes order by id limit 100) returning *`;
        for (const change of changes.sort((a, b) => Number(a.id) - Number(b.id))) {
          await deliverChange({ ...change, commit_timestamp: new Date(change.commit_timestamp).toISOString() });
        }
        if (changes.length === 100) drainAgain = true;
      } while (drainAgain);
    })()
      .catch(() => {})
      .finally(() => {
        draining = null;
      });
  }
  const poll = setInterval(drain, 100);

  async function join(client: Client, message: PhoenixMessage, apikey: string) {
    const payload = (message.payload ?? {}) as {
      config?: { broadcast?: { self?: boolean; ack?: boolean }; presence?: { enabled?: boolean }; postgres_changes?: Omit<PostgresBinding, "id">[]; private?: boolean };
      access_token?: string;
    };
    const config = payload.config ?? {};
    const subTopic = message.topic.replace(/^realtime:/, "");
    let claims: Claims;
    try {
      claims = await claimsOf(payload.access_token, apikey);
    } catch {
      return reply(client, message, "error", { reason: "Invalid JWT Token" });
    }
    if (config.presence?.enabled) return reply(client, message, "error", { reason: "Presence is not modelled by the fake Realtime" });
    const isPrivate = config.private === true;
    let canSend = true;
    if (isPrivate) {
      const rights = await authorise(claims, subTopic);
      if (!rights.canRead) return reply(client, message, "error", { reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}` });
      canSend = rights.canSend;
    } else if (!settings.allowPublicAccess) {
      return reply(client, message, "error", { reason: "PrivateOnly: This project only allows private channels" });
    }
    const bindings = (config.postgres_changes ?? []).map((binding) => ({ ...binding, id: nextBindingId++ }));
    client.channels.set(message.topic, {
      topic: message.topic,
      joinRef: message.join_ref ?? message.ref ?? "",
      isPrivate,
      broadcastSelf: config.broadcast?.self === true,
      broadcastAck: config.broadcast?.ack === true,
      canSend,
      bindings,
      claims,
    });
    reply(client, message, "ok", { postgres_changes: bindings.map(({ id, event, schema, table, filter }) => ({ id, event, schema, table, filter })) });
    if (bindings.length > 0) {
      send(client, message.join_ref, null, message.topic, "system", { status: "ok", extension: "postgres_changes", message: "Subscribed to PostgreSQL", channel: subTopic });
    }
  }

  async function handle(client: Client, message: PhoenixMessage, apikey: string) {
    if (message.topic === phoenixTopic) {
      if (message.event === "heartbeat") reply(client, message, "ok", {});
      return;
    }
    const channel = client.channels.get(message.topic);
    switch (message.event) {
      case "phx_join":
        return join(client, message, apikey);
      case "phx_leave":
        client.channels.delete(message.topic);
        reply(client, message, "ok", {});
        return send(client, message.join_ref, message.ref, message.topic, "phx_close", {});
      case "access_token": {
        if (!channel) return;
        const token = (message.payload as { access_token?: string } | undefined)?.access_token;
        try {
          channel.claims = await claimsOf(token, apikey);
        } catch {
          closeChannel(client, channel, "Invalid JWT Token");
        }
        return;
      }
      case "broadcast": {
        if (!channel || !isCurrent(client, channel)) return;
        const { event, payload } = message.payload as { event: string; payload: unknown };
        if (channel.canSend) broadcast(message.topic, channel.isPrivate, event, payload, { client, channel });
        if (channel.broadcastAck) reply(client, message, "ok", {});
        return;
      }
      default:
        if (channel) reply(client, message, "error", { reason: `unknown event ${message.event}` });
    }
  }

  /**
   * `POST /realtime/v1/api/broadcast` `{ messages: [{ topic, event, payload, private? }] }` → 202.
   * The secret key sends anywhere; a person's token (with the publishable key) needs, for a private
   * topic, the insert that realtime.messages' policies allow.
   */
  async function broadcastOverRest(request: http.IncomingMessage, response: http.ServerResponse) {
    const answer = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (request.method !== "POST" || new URL(request.url ?? "/", url).pathname !== "/realtime/v1/api/broadcast") return answer(404, { error: "Not found" });
    const apikey = String(request.headers.apikey ?? "");
    if (apikey !== publishableKey && apikey !== secretKey) return answer(401, { message: "Invalid API key" });
    let claims: Claims;
    try {
      claims = await claimsOf(/^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1], apikey);
    } catch {
      return answer(401, { message: "Invalid JWT" });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let messages: { topic: string; event: string; payload: unknown; private?: boolean }[];
    try {
      messages = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { messages: typeof messages }).messages;
      if (!Array.isArray(messages) || messages.some((message) => typeof message.topic !== "string" || typeof message.event !== "string")) throw new Error("bad shape");
    } catch {
      return answer(400, { message: "Invalid body" });
    }
    for (const message of messages) {
      if (message.private === true && !(await authorise(claims, message.topic)).canSend) continue;
      broadcast(`realtime:${message.topic}`, message.private === true, message.event, message.payload);
    }
    answer(202);
  }

  const sockets = new WebSocketServer({ noServer: true });
  const onUpgrade = (request: http.IncomingMessage, stream: Duplex, head: Buffer) => {
    const address = new URL(request.url ?? "/", url);
    if (address.pathname !== "/realtime/v1/websocket") return;
    const apikey = address.searchParams.get("apikey") ?? "";
    const vsn = address.searchParams.get("vsn") ?? "1.0.0";
    if ((apikey !== publishableKey && apikey !== secretKey) || (vsn !== "1.0.0" && vsn !== "2.0.0")) {
      stream.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(request, stream, head, (socket) => {
      const client: Client = { socket, vsn, channels: new Map() };
      clients.add(client);
      let idle = setTimeout(() => socket.close(), heartbeatTimeoutMs);
      let queue = Promise.resolve();
      socket.on("message", (data: RawData, isBinary: boolean) => {
        clearTimeout(idle);
        idle = setTimeout(() => socket.close(), heartbeatTimeoutMs);
        const message = decode(data, isBinary, vsn);
        if (message) queue = queue.then(() => handle(client, message, apikey)).catch(() => {});
      });
      socket.on("close", () => {
        clearTimeout(idle);
        clients.delete(client);
      });
    });
  };
  server.on("upgrade", onUpgrade);
  gateway.mount("/realtime/v1/api", (request, response) => {
    broadcastOverRest(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  return {
    topics: () => [...clients].flatMap((client) => [...client.channels.keys()]),
    get allowPublicAccess() {
      return settings.allowPublicAccess;
    },
    set allowPublicAccess(allowed: boolean) {
      settings.allowPublicAccess = allowed;
    },
    async close() {
      clearInterval(poll);
      server.off("upgrade", onUpgrade);
      for (const client of clients) client.socket.terminate();
      sockets.close();
      await draining;
      await sql.end({ timeout: 1 });
    },
  } satisfies FakeRealtime;
}

interface PhoenixMessage {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** A client's frame: JSON (an array in 2.0.0, an object in 1.0.0) or 2.0.0's binary user broadcast push. */
function decode(data: RawData, isBinary: boolean, vsn: string): PhoenixMessage | null {
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  try {
    if (isBinary) {
      // kind 3, then the lengths of join ref, ref, topic, event and metadata, the payload encoding.
      if (bytes[0] !== 3) return null;
      const [joinRefLength, refLength, topicLength, eventLength, metaLength, encoding] = [bytes[1]!, bytes[2]!, bytes[3]!, bytes[4]!, bytes[5]!, bytes[6]!];
      let offset = 7;
      const take = (length: number) => bytes.toString("utf8", offset, (offset += length));
      const joinRef = take(joinRefLength);
      const ref = take(refLength);
      const topic = take(topicLength);
      const event = take(eventLength);
      take(metaLength);
      const body = bytes.subarray(offset);
      const payload = encoding === 1 ? JSON.parse(body.toString("utf8")) : body;
      return { join_ref: joinRef || null, ref: ref || null, topic, event: "broadcast", payload: { type: "broadcast", event, payload } };
    }
    const parsed = JSON.parse(bytes.toString("utf8")) as unknown;
    if (vsn === "2.0.0" && Array.isArray(parsed)) {
      const [joinRef, ref, topic, event, payload] = parsed as [string | null, string | null, string, string, unknown];
      return { join_ref: joinRef, ref, topic, event, payload };
    }
    const object = parsed as PhoenixMessage;
    return { join_ref: object.join_ref ?? null, ref: object.ref ?? null, topic: object.topic, event: object.event, payload: object.payload };
  } catch {
    return null;
  }
}
