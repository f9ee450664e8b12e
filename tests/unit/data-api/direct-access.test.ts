import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAsPostgres, createFreshProject, projectVariants, pushMigrations } from "../../support/fresh-supabase";
import { functions, tables, type ApiRole, type Operation } from "./allowlist";

// What a signed-in person (or anyone with the publishable key) can do to the database without our
// server, as Supabase's Data API runs it: PostgREST logs in as `authenticator`, then per request
// `set local role` to the token's role with its claims in `request.jwt.claims`.

const root = path.resolve(import.meta.dirname, "../../..");
const configuredSchemas = JSON.parse(/^\s*schemas\s*=\s*(\[[^\]]*\])/m.exec(readFileSync(path.join(root, "supabase/config.toml"), "utf8"))![1]!) as string[];
const exposedSchemas = [...new Set([...configuredSchemas, "graphql_public"])];
const apiRoles: ApiRole[] = ["anon", "authenticated"];
const operations: Operation[] = ["select", "insert", "update", "delete"];

const alice = { id: "00000000-0000-4000-8000-00000000a11c", email: "alice@example.com" };
const bob = { id: "00000000-0000-4000-8000-000000000b0b", email: "bob@example.com" };
const claimsOf = (role: ApiRole) =>
  JSON.stringify(role === "anon" ? { role: "anon" } : { sub: alice.id, email: alice.email, role: "authenticated", aud: "authenticated" });

const insufficientPrivilege = "42501";
// "cannot insert a non-DEFAULT value into column": generated columns refuse everyone before privileges are checked.
const generatedAlways = "428C9";

const quoteName = (qualified: string) => qualified.split(".").map((part) => `"${part}"`).join(".");

/** A statement that asks for exactly one privilege and touches no row. */
function probeFor(table: string, operation: Operation, column: string | null): string {
  const t = quoteName(table);
  switch (operation) {
    case "select":
      return column ? `select "${column}" from ${t} limit 0` : `select 1 from ${t} limit 0`;
    case "insert":
      return `insert into ${t} ("${column}") select null where false`;
    case "update":
      return `update ${t} set "${column}" = null where false`;
    case "delete":
      return `delete from ${t} where false`;
  }
}

/** Runs `work` in one Data API request's transaction, rolled back after. */
async function asDataApi<T>(pg: PGlite, role: ApiRole, work: (attempt: (text: string) => Promise<boolean>) => Promise<T>): Promise<T> {
  await pg.exec("reset session authorization; set session authorization authenticator");
  await pg.exec("begin");
  try {
    await pg.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [role, claimsOf(role)]);
    return await work(async (text) => {
      await pg.exec("savepoint attempt");
      try {
        await pg.exec(text);
        return true;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === insufficientPrivilege || code === generatedAlways) return false;
        throw new Error(`${text}: ${(error as Error).message}`, { cause: error });
      } finally {
        await pg.exec("rollback to savepoint attempt");
      }
    });
  } finally {
    await pg.exec("rollback");
    await connectAsPostgres(pg);
  }
}

/** "role operation table.column" for every privilege the role really has. */
async function listReach(pg: PGlite, role: ApiRole, catalog: Map<string, string[]>): Promise<Set<string>> {
  return asDataApi(pg, role, async (attempt) => {
    const reach = new Set<string>();
    for (const [table, columns] of catalog) {
      for (const operation of operations) {
        const targets = operation === "delete" ? [null] : columns;
        for (const column of targets) {
          if (await attempt(probeFor(table, operation, column))) reach.add(`${role} ${operation} ${table}${column ? `.${column}` : ""}`);
        }
      }
    }
    return reach;
  });
}

function allowedReach(): Set<string> {
  const allowed = new Set<string>();
  for (const [table, entry] of Object.entries(tables)) {
    for (const role of apiRoles) {
      for (const operation of operations) {
        const columns = entry.allow?.[role]?.[operation];
        if (!columns) continue;
        if (operation === "delete") allowed.add(`${role} delete ${table}`);
        else for (const column of columns === "*" ? entry.columns : columns) allowed.add(`${role} ${operation} ${table}.${column}`);
      }
    }
  }
  return allowed;
}

/** Every table, view and column of the exposed schemas, storage.objects and realtime.messages, as the database has them. */
async function readCatalog(pg: PGlite): Promise<Map<string, string[]>> {
  const { rows } = await pg.query<{ name: string; columns: string[] }>(
    `select n.nspname || '.' || c.relname as name, array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where c.relkind in ('r', 'p', 'v', 'm', 'f')
        and (n.nspname = any($1) or (n.nspname = 'storage' and c.relname = 'objects') or (n.nspname = 'realtime' and c.relname = 'messages'))
      group by 1 order by 1`,
    [exposedSchemas],
  );
  return new Map(rows.map((row) => [row.name, row.columns]));
}

/** Two people with a row in every table of ours, written as the owner (the server's service paths). */
async function seedAliceAndBob(pg: PGlite) {
  for (const person of [alice, bob]) {
    await pg.query(
      `insert into auth.users (id, aud, role, email, raw_app_meta_data, created_at, updated_at)
       values ($1, 'authenticated', 'authenticated', $2, '{"provider":"email"}', now(), now())`,
      [person.id, person.email],
    );
    const chat = await pg.query<{ id: string }>("insert into public.chats (user_id, title) values ($1, 'plans') returning id", [person.id]);
    const chatId = chat.rows[0]!.id;
    const message = await pg.query<{ id: string }>(
      "insert into public.messages (chat_id, user_id, role, content) values ($1, $2, 'user', 'a secret') returning id",
      [chatId, person.id],
    );
    const messageId = message.rows[0]!.id;
    await pg.query(
      `insert into public.message_embeddings (message_id, user_id, chat_id, model, embedding)
       values ($1, $2, $3, 'offline-hash', array_fill(0.5, array[1024])::extensions.vector)`,
      [messageId, person.id, chatId],
    );
    await pg.query("insert into public.user_settings (user_id) values ($1)", [person.id]);
    const shareToken = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
    await pg.query("insert into public.chat_shares (user_id, chat_id, token, title, messages) values ($1, $2, $3, 'plans', '[]')", [person.id, chatId, shareToken]);
    await pg.query("insert into public.feedback (user_id, kind, message_id, vote) values ($1, 'vote', $2, 'up')", [person.id, messageId]);
    await pg.query("insert into public.api_keys (user_id, name, prefix, secret_hash) values ($1, 'script', 'mnk_AAAAAAAA', encode(sha256(gen_random_uuid()::text::bytea), 'hex'))", [person.id]);
    await pg.query("insert into public.usage_plans (user_id, plan) values ($1, 'pro')", [person.id]);
    await pg.query("insert into public.usage_requests (user_id, day, route_group, status_class, requests) values ($1, current_date, 'chat', '2xx', 3)", [person.id]);
    await pg.query("insert into public.usage_charges (user_id, model, max_cost_micro_usd, message_id) values ($1, 'offline', 10, $2)", [person.id, messageId]);
    const document = await pg.query<{ id: string }>(
      `insert into public.documents (user_id, name, mime_type, bytes, storage_path) values ($1, 'notes.md', 'text/markdown', 12, $2) returning id`,
      [person.id, `${person.id}/notes`],
    );
    await pg.query(
      `insert into public.document_chunks (document_id, user_id, ordinal, content, model, embedding)
       values ($1, $2, 0, 'a secret passage', 'offline-hash', array_fill(0.5, array[1024])::extensions.vector)`,
      [document.rows[0]!.id, person.id],
    );
    await pg.query("insert into private.revoked_sessions (session_id, user_id, expires_at) values (gen_random_uuid(), $1, now() + interval '1 hour')", [person.id]);
    await pg.query("insert into private.alert_events (rule, key, severity, summary, user_id) values ('budget', $1, 'warning', 'spend', $2)", [`budget:${person.id}`, person.id]);
  }
  await pg.query("insert into public.web_vitals (name, value, rating, metric_id, page) values ('LCP', 1200, 'good', 'v1', '/chat')");
  await pg.query(
    "insert into public.admin_audit_log (actor_id, actor_email, action, target_kind, target_id, target_email, before, after) values ($1, $2, 'user.plan', 'user', $3, $4, '{\"plan\":\"free\"}', '{\"plan\":\"pro\"}')",
    [alice.id, alice.email, bob.id, bob.email],
  );
  await pg.query("select private.hit_rate_limit('login:alice@example.com', 60)");
  await pg.exec(`reset session authorization;
    insert into storage.buckets (id, name) values ('files', 'files');
    insert into storage.objects (bucket_id, name, owner) values ('files', 'bob/notes.pdf', '${bob.id}');
    insert into realtime.messages (topic, extension, event, payload, private)
      values ('user:${alice.id}:replies', 'broadcast', 'delta', '{}', true), ('user:${bob.id}:replies', 'broadcast', 'delta', '{}', true),
             ('user:${alice.id}:changes', 'broadcast', 'probe', '{}', true), ('user:${bob.id}:changes', 'broadcast', 'probe', '{}', true),
             ('user:${alice.id}:other', 'broadcast', 'probe', '{}', true);`);
  await connectAsPostgres(pg);
}

function printReach(variant: string, reach: Set<string>) {
  const grouped = new Map<string, string[]>();
  for (const entry of [...reach].sort()) {
    const [role, operation, target = ""] = entry.split(" ");
    const [schema, table, column] = target.split(".");
    const key = `${role} ${operation} ${schema}.${table}`;
    grouped.set(key, [...(grouped.get(key) ?? []), ...(column ? [column] : [])]);
  }
  const lines = [...grouped].map(([key, columns]) => `  ${key}${columns.length ? ` (${columns.join(", ")})` : ""}`);
  console.log(`The Data API on a ${variant} project, after our migrations, may:\n${lines.join("\n") || "  nothing"}`);
}

describe.each(projectVariants)("the Data API on a fresh %s Supabase project", (variant) => {
  let pg: PGlite;
  let applied: string[];

  beforeAll(async () => {
    pg = await createFreshProject(variant);
    applied = await pushMigrations(pg);
    await seedAliceAndBob(pg);
  });
  afterAll(() => pg?.close());

  it("takes every migration from nothing, as supabase db push does, and a second push applies none", async () => {
    const files = readdirSync(path.join(root, "supabase/migrations")).filter((file) => file.endsWith(".sql")).sort();
    expect(applied).toEqual(files);
    expect(await pushMigrations(pg)).toEqual([]);
    const vector = await pg.query<{ schema: string }>("select extnamespace::regnamespace::text as schema from pg_extension where extname = 'vector'");
    expect(vector.rows).toEqual([{ schema: "extensions" }]);
  });

  it("names every table and column of the exposed schemas in the allowlist", async () => {
    const catalog = await readCatalog(pg);
    const unlisted = [...catalog].flatMap(([table, columns]) =>
      !tables[table] ? [`${table} (a new table)`] : columns.filter((column) => !tables[table]!.columns.includes(column)).map((column) => `${table}.${column} (a new column)`),
    );
    const gone = Object.keys(tables).filter((table) => !catalog.has(table));
    expect({ unlisted, gone }, "say in tests/unit/data-api/allowlist.ts what anon and authenticated may do with these").toEqual({ unlisted: [], gone: [] });
  });

  it("lets anon and authenticated do exactly what the allowlist says, on every table and column", async () => {
    const catalog = await readCatalog(pg);
    const reach = new Set<string>();
    for (const role of apiRoles) for (const entry of await listReach(pg, role, catalog)) reach.add(entry);
    printReach(variant, reach);
    const allowed = allowedReach();
    expect({ beyondTheAllowlist: [...reach].filter((entry) => !allowed.has(entry)).sort() }).toEqual({ beyondTheAllowlist: [] });
    expect({ allowedButMissing: [...allowed].filter((entry) => !reach.has(entry)).sort() }).toEqual({ allowedButMissing: [] });
  });

  it("executes no function of ours, in the exposed schemas or in private", async () => {
    const { rows } = await pg.query<{ name: string; call: string }>(
      `select p.oid::regprocedure::text as name,
              format('select %I.%I(%s)', n.nspname, p.proname,
                (select string_agg('null::' || format_type(t, null), ', ') from unnest(p.proargtypes) as t)) as call
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = any($1) or n.nspname = 'private'`,
      [exposedSchemas],
    );
    expect(rows.length).toBeGreaterThan(0);
    const executed: string[] = [];
    for (const role of apiRoles) {
      await asDataApi(pg, role, async (attempt) => {
        for (const { name, call } of rows) {
          const allowed = functions[name]?.allow.includes(role) ?? false;
          // Trigger functions refuse a direct call only after the privilege check, so reaching one throws here.
          const ran = await attempt(call).catch(() => true);
          if (ran && !allowed) executed.push(`${role} ${name}`);
        }
      });
    }
    expect(executed).toEqual([]);
  });

  it("shows Alice none of Bob's rows, and Realtime her own chats and messages", async () => {
    const seen: Record<string, { own: number; others: number }> = {};
    await asDataApi(pg, "authenticated", async () => {
      for (const [table, entry] of Object.entries(tables)) {
        const readable = entry.allow?.authenticated?.select;
        if (!readable || !entry.ownerColumn) continue;
        const { rows } = await pg.query<{ owner: string | null }>(`select "${entry.ownerColumn}"::text as owner from ${quoteName(table)}`);
        seen[table] = { own: rows.filter((row) => row.owner === alice.id).length, others: rows.filter((row) => row.owner !== alice.id).length };
      }
    });
    expect(seen).toEqual({
      "public.chats": { own: 1, others: 0 },
      "public.messages": { own: 1, others: 0 },
      "storage.objects": { own: 0, others: 0 },
    });
  });

  it("changes no row of storage.objects, whatever its grants", async () => {
    for (const role of apiRoles) {
      const changed = await asDataApi(pg, role, async () => ({
        updated: (await pg.query("update storage.objects set name = 'taken'")).affectedRows,
        deleted: (await pg.query("delete from storage.objects")).affectedRows,
      }));
      expect(changed, role).toEqual({ updated: 0, deleted: 0 });
    }
  });

  it("lets Alice join her own private topics and no other, and nobody send on one", async () => {
    const topics = [`user:${alice.id}:replies`, `user:${alice.id}:changes`, `user:${bob.id}:replies`, `user:${bob.id}:changes`, `user:${alice.id}:other`];
    const seen: Record<string, Record<string, number>> = {};
    const sent: string[] = [];
    for (const role of apiRoles) {
      seen[role] = {};
      for (const topic of topics) {
        await asDataApi(pg, role, async (attempt) => {
          // As Realtime asks when a private channel is joined: the topic set, the person's claims.
          await pg.query("select set_config('realtime.topic', $1, true)", [topic]);
          const { rows } = await pg.query<{ count: number }>("select count(*)::int as count from realtime.messages where topic = $1", [topic]);
          seen[role]![topic] = rows[0]!.count;
          const insert = `insert into realtime.messages (topic, extension, event, payload, private) values ('${topic}', 'broadcast', 'delta', '{}', true)`;
          if (await attempt(insert)) sent.push(`${role} ${topic}`);
        });
      }
    }
    const [ownReplies, ownChanges, bobsReplies, bobsChanges, other] = topics as [string, string, string, string, string];
    expect(seen).toEqual({
      anon: { [ownReplies]: 0, [ownChanges]: 0, [bobsReplies]: 0, [bobsChanges]: 0, [other]: 0 },
      authenticated: { [ownReplies]: 1, [ownChanges]: 1, [bobsReplies]: 0, [bobsChanges]: 0, [other]: 0 },
    });
    expect(sent).toEqual([]);
  });

  it("answers DEPLOY.md's grant check with exactly Realtime's two reads", async () => {
    const check = readFileSync(path.join(root, "supabase/checks/data-api-grants.sql"), "utf8");
    const { rows } = await pg.query(check);
    expect(rows).toEqual([
      { grantee: "authenticated", privilege_type: "SELECT", object: "public.chats", columns: "id, user_id" },
      { grantee: "authenticated", privilege_type: "SELECT", object: "public.messages", columns: "chat_id, id, user_id" },
    ]);
  });

  it("never hands out the server's role: authenticator and the API roles cannot switch to mneme_user", async () => {
    await pg.exec("reset session authorization; set session authorization authenticator");
    try {
      await expect(pg.exec("set role mneme_user")).rejects.toMatchObject({ code: insufficientPrivilege });
      await pg.exec("set role authenticated");
      await expect(pg.exec("set role mneme_user")).rejects.toMatchObject({ code: insufficientPrivilege });
    } finally {
      await connectAsPostgres(pg);
    }
    const members = await pg.query<{ member: string }>(
      "select distinct member::regrole::text as member from pg_auth_members where roleid = 'mneme_user'::regrole",
    );
    expect(members.rows).toEqual([{ member: "postgres" }]);
  });

  it("lets the server, as postgres, act for Alice through mneme_user, with row level security on", async () => {
    const claims = JSON.stringify({ sub: alice.id, email: alice.email, role: "authenticated" });
    const result = await pg.transaction(async (tx) => {
      await tx.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'mneme_user', true)", [claims]);
      const chat = await tx.query<{ id: string }>("insert into public.chats (title) values ('new') returning id");
      await tx.query("insert into public.messages (chat_id, role, content) values ($1, 'user', 'hello')", [chat.rows[0]!.id]);
      const owners = await tx.query<{ user_id: string }>("select distinct user_id::text from public.messages");
      const bobsChanged = await tx.query("update public.chats set title = 'taken' where user_id = $1", [bob.id]);
      await tx.rollback();
      return { owners: owners.rows, bobsChanged: bobsChanged.affectedRows };
    });
    expect(result).toEqual({ owners: [{ user_id: alice.id }], bobsChanged: 0 });
  });
});
