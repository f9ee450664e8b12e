import type http from "node:http";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import postgres from "postgres";
import type { FakeGoTrue } from "./gotrue";

/**
 * A stand-in for Supabase Storage under `/storage/v1`, speaking the REST calls storage-js makes
 * for objects: upload (`POST /object/{bucket}/{path}`, `x-upsert`), download (`GET
 * /object/{bucket}/{path}`, also `/object/authenticated/…`), remove (`DELETE /object/{bucket}`
 * with `{ prefixes }`) and list (`POST /object/list/{bucket}` with `{ prefix, limit, offset }`).
 *
 * As Storage does, it keeps each object's row in the project's `storage.objects` and reads and
 * writes those rows as the caller: the secret key is `service_role` (which bypasses row level
 * security), the publishable key alone `anon`, a user's access token `authenticated` with its
 * claims; so the policies on `storage.objects` (and the bucket's visibility through those on
 * `storage.buckets`) decide, and a bucket with no policy is closed to everyone but the server.
 * Errors come in Storage's shape: `{ statusCode, error, message }`. The bytes live in memory.
 */
export interface FakeStorage {
  /** Requests seen, as `METHOD /path`, for asserting what the app called. */
  calls: string[];
  /** The bytes of an object, or undefined (for tests that check what was stored). */
  bytesOf(bucket: string, name: string): Buffer | undefined;
  close(): Promise<void>;
}

type Claims = JWTPayload & { role?: string };
interface Answer {
  status: number;
  body: unknown;
  contentType?: string;
}

const failure = (status: number, error: string, message: string): Answer => ({ status, body: { statusCode: String(status), error, message } });

export async function startFakeStorage({ gateway, databaseUrl }: { gateway: FakeGoTrue; databaseUrl: string }): Promise<FakeStorage> {
  const { url, publishableKey, secretKey } = gateway;
  const sql = postgres(databaseUrl, { prepare: false, max: 2, onnotice: () => {} });
  const jwks = createRemoteJWKSet(new URL(`${url}/auth/v1/.well-known/jwks.json`));
  const objects = new Map<string, Buffer>();
  const calls: string[] = [];

  async function claimsOf(headers: http.IncomingHttpHeaders): Promise<Claims | null> {
    const apikey = headers.apikey;
    if (apikey !== publishableKey && apikey !== secretKey) return null;
    const token = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
    if (!token || token === apikey) return { role: apikey === secretKey ? "service_role" : "anon" };
    if (token === secretKey) return { role: "service_role" };
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: `${url}/auth/v1` });
      return payload as Claims;
    } catch {
      return null;
    }
  }

  /** Runs `work` in a transaction as the caller's role with its claims, as Storage queries its tables. */
  const asCaller = <T>(claims: Claims, work: (tx: postgres.TransactionSql) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx`select set_config('role', ${claims.role ?? "anon"}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      return work(tx);
    }) as Promise<T>;

  const bucketVisible = async (tx: postgres.TransactionSql, bucket: string) =>
    (await tx<{ id: string }[]>`select id from storage.buckets where id = ${bucket}`).length > 0;

  async function upload(claims: Claims, bucket: string, name: string, bytes: Buffer, upsert: boolean): Promise<Answer> {
    if (!name || name.includes("..") || name.startsWith("/")) return failure(400, "Invalid key", `Invalid key: ${name}`);
    return asCaller(claims, async (tx) => {
      if (!(await bucketVisible(tx, bucket))) return failure(404, "Bucket not found", "Bucket not found");
      const existing = await tx<{ id: string }[]>`select id from storage.objects where bucket_id = ${bucket} and name = ${name}`;
      if (existing.length > 0 && !upsert) return failure(409, "Duplicate", "The resource already exists");
      const metadata = { size: bytes.length, mimetype: "application/octet-stream" };
      try {
        const [row] = existing.length
          ? await tx<{ id: string }[]>`update storage.objects set metadata = ${tx.json(metadata)}, updated_at = now() where id = ${existing[0]!.id} returning id`
          : await tx<{ id: string }[]>`
              insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
              values (${bucket}, ${name}, ${claims.role === "authenticated" ? (claims.sub ?? null) : null}, ${claims.sub ?? null}, ${tx.json(metadata)})
              returning id`;
        if (!row) return failure(403, "Unauthorized", "new row violates row-level security policy");
        objects.set(`${bucket}/${name}`, bytes);
        return { status: 200, body: { Key: `${bucket}/${name}`, Id: row.id } };
      } catch (error) {
        if ((error as { code?: string }).code === "42501") return failure(403, "Unauthorized", "new row violates row-level security policy");
        throw error;
      }
    });
  }

  async function download(claims: Claims, bucket: string, name: string): Promise<Answer> {
    return asCaller(claims, async (tx) => {
      const rows = await tx<{ id: string }[]>`select id from storage.objects where bucket_id = ${bucket} and name = ${name}`;
      const bytes = objects.get(`${bucket}/${name}`);
      if (rows.length === 0 || !bytes) return failure(404, "not_found", "Object not found");
      return { status: 200, body: bytes, contentType: "application/octet-stream" };
    });
  }

  async function remove(claims: Claims, bucket: string, body: unknown): Promise<Answer> {
    const prefixes = (body as { prefixes?: unknown }).prefixes;
    if (!Array.isArray(prefixes) || prefixes.some((prefix) => typeof prefix !== "string")) return failure(400, "Invalid Input", "body/prefixes must be array");
    return asCaller(claims, async (tx) => {
      const removed = await tx<{ name: string; id: string; bucket_id: string }[]>`
        delete from storage.objects where bucket_id = ${bucket} and name = any(${prefixes as string[]}) returning name, id, bucket_id`;
      for (const row of removed) objects.delete(`${bucket}/${row.name}`);
      return { status: 200, body: removed };
    });
  }

  async function list(claims: Claims, bucket: string, body: unknown): Promise<Answer> {
    const { prefix = "", limit = 100, offset = 0 } = body as { prefix?: string; limit?: number; offset?: number };
    const folder = prefix.replace(/\/+$/, "");
    const under = folder ? `${folder}/` : "";
    return asCaller(claims, async (tx) => {
      const rows = await tx<{ name: string; id: string; created_at: Date; updated_at: Date; metadata: unknown }[]>`
        select name, id, created_at, updated_at, metadata from storage.objects
        where bucket_id = ${bucket} and starts_with(name, ${under}) order by name`;
      const entries = new Map<string, Record<string, unknown>>();
      for (const row of rows) {
        const rest = row.name.slice(under.length);
        const [first, ...deeper] = rest.split("/");
        if (deeper.length > 0) entries.set(first!, { name: first, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null });
        else entries.set(first!, { name: first, id: row.id, updated_at: row.updated_at.toISOString(), created_at: row.created_at.toISOString(), last_accessed_at: row.created_at.toISOString(), metadata: row.metadata });
      }
      return { status: 200, body: [...entries.values()].slice(offset, offset + limit) };
    });
  }

  async function route(request: http.IncomingMessage, raw: Buffer): Promise<Answer> {
    const path = new URL(request.url ?? "/", url).pathname.replace(/^\/storage\/v1/, "");
    calls.push(`${request.method} ${path}`);
    const claims = await claimsOf(request.headers);
    if (!claims) return failure(400, "Unauthorized", "Invalid JWT");
    const json = () => (raw.length ? (JSON.parse(raw.toString("utf8")) as unknown) : {});
    let match: RegExpExecArray | null;
    if (request.method === "POST" && (match = /^\/object\/list\/([^/]+)$/.exec(path))) return list(claims, decodeURIComponent(match[1]!), json());
    if (request.method === "DELETE" && (match = /^\/object\/([^/]+)$/.exec(path))) return remove(claims, decodeURIComponent(match[1]!), json());
    if ((request.method === "POST" || request.method === "PUT") && (match = /^\/object\/([^/]+)\/(.+)$/.exec(path))) {
      return upload(claims, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!), raw, request.headers["x-upsert"] === "true");
    }
    if (request.method === "GET" && (match = /^\/object\/(?:authenticated\/)?([^/]+)\/(.+)$/.exec(path))) {
      return download(claims, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!));
    }
    return failure(404, "not_found", `${request.method} ${path} is not served by the fake`);
  }

  gateway.mount("/storage/v1/", (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      route(request, Buffer.concat(chunks)).then(
        ({ status, body, contentType }) => {
          const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
          response.writeHead(status, { "content-type": contentType ?? "application/json" }).end(bytes);
        },
        (error: unknown) => response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ statusCode: "500", error: "internal", message: String(error) })),
      );
    });
  });

  return {
    calls,
    bytesOf: (bucket, name) => objects.get(`${bucket}/${name}`),
    async close() {
      await sql.end({ timeout: 1 });
    },
  };
}
