import type http from "node:http";
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from "jose";
import postgres from "postgres";
import type { FakeGoTrue } from "./gotrue";

/**
 * A stand-in for Supabase Storage under `/storage/v1`, speaking the REST calls storage-js makes
 * for objects: upload (`POST /object/{bucket}/{path}`, `x-upsert`), download (`GET
 * /object/{bucket}/{path}`, also `/object/authenticated/…`), remove (`DELETE /object/{bucket}`
 * with `{ prefixes }`), list (`POST /object/list/{bucket}` with `{ prefix, limit, offset }`), and
 * signed uploads: `POST /object/upload/sign/{bucket}/{path}` answers `{ url }` with a token that
 * names that one object for two hours, and `PUT` to that URL stores the bytes (raw, or a form as
 * storage-js sends a Blob) once, with the token as the only authority besides the apikey.
 * The bucket's `file_size_limit` holds for every upload (413).
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

const rolledBack = Symbol("rolled back");

const failure = (status: number, error: string, message: string): Answer => ({ status, body: { statusCode: String(status), error, message } });

export async function startFakeStorage({ gateway, databaseUrl }: { gateway: FakeGoTrue; databaseUrl: string }): Promise<FakeStorage> {
  const { url, publishableKey, secretKey } = gateway;
  const sql = postgres(databaseUrl, { prepare: false, max: 2, onnotice: () => {} });
  const jwks = createRemoteJWKSet(new URL(`${url}/auth/v1/.well-known/jwks.json`));
  const objects = new Map<string, Buffer>();
  const calls: string[] = [];
  // Storage signs its upload tokens with the project's JWT secret; this fake with one of its own.
  const uploadSecret = randomBytes(32);

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
    // Before the caller's transaction: the database may take one connection at a time.
    const tooLarge = await overSizeLimit(bucket, bytes.length);
    return asCaller(claims, async (tx) => {
      if (!(await bucketVisible(tx, bucket))) return failure(404, "Bucket not found", "Bucket not found");
      if (tooLarge) return failure(413, "Payload too large", "The object exceeded the maximum allowed size");
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

  /** A bucket's limit holds whoever uploads: read as Storage itself, not as the caller. */
  const overSizeLimit = async (bucket: string, size: number) => {
    const [row] = await sql<{ file_size_limit: string | null }[]>`select file_size_limit from storage.buckets where id = ${bucket}`;
    return row?.file_size_limit != null && size > Number(row.file_size_limit);
  };

  /** Storage asks the caller's policies whether they may insert the object, and signs only then. */
  async function signUpload(claims: Claims, bucket: string, name: string, upsert: boolean): Promise<Answer> {
    if (!name || name.includes("..") || name.startsWith("/")) return failure(400, "Invalid key", `Invalid key: ${name}`);
    const refused = await asCaller(claims, async (tx) => {
      if (!(await bucketVisible(tx, bucket))) return failure(404, "Bucket not found", "Bucket not found");
      try {
        await tx.savepoint(async (trial) => {
          await trial`insert into storage.objects (bucket_id, name, owner_id, metadata) values (${bucket}, ${name}, ${claims.sub ?? null}, '{}')`;
          throw rolledBack;
        });
      } catch (error) {
        if (error === rolledBack) return null;
        if ((error as { code?: string }).code === "42501") return failure(403, "Unauthorized", "new row violates row-level security policy");
        if ((error as { code?: string }).code === "23505" && !upsert) return failure(409, "Duplicate", "The resource already exists");
        throw error;
      }
      return null;
    });
    if (refused) return refused;
    const token = await new SignJWT({ url: `${bucket}/${name}`, owner: claims.sub, upsert })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("2h")
      .sign(uploadSecret);
    return { status: 200, body: { url: `/object/upload/sign/${bucket}/${encodeURI(name)}?token=${token}` } };
  }

  async function uploadSigned(bucket: string, name: string, token: string | null, request: http.IncomingMessage, raw: Buffer): Promise<Answer> {
    let grant: JWTPayload & { url?: string; owner?: string; upsert?: boolean };
    try {
      grant = (await jwtVerify(token ?? "", uploadSecret)).payload;
    } catch (error) {
      return failure(400, "InvalidJWT", (error as Error).message);
    }
    if (grant.url !== `${bucket}/${name}`) return failure(400, "InvalidSignature", "The url do not match the signature");
    let bytes = raw;
    const contentType = request.headers["content-type"] ?? "";
    if (/^multipart\/form-data/i.test(contentType)) {
      const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
      const file = [...form.values()].find((value): value is File => value instanceof File);
      if (!file) return failure(400, "Invalid Input", "No file in the form");
      bytes = Buffer.from(await file.arrayBuffer());
    }
    return upload({ role: "service_role", sub: grant.owner }, bucket, name, bytes, grant.upsert === true);
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
    const requested = new URL(request.url ?? "/", url);
    const path = requested.pathname.replace(/^\/storage\/v1/, "");
    calls.push(`${request.method} ${path}`);
    const claims = await claimsOf(request.headers);
    let match: RegExpExecArray | null;
    // A signed upload needs the project's apikey, and the token instead of a user's claims.
    if (request.method === "PUT" && (match = /^\/object\/upload\/sign\/([^/]+)\/(.+)$/.exec(path))) {
      if (!request.headers.apikey || (request.headers.apikey !== publishableKey && request.headers.apikey !== secretKey)) return failure(401, "Unauthorized", "Invalid API key");
      return uploadSigned(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!), requested.searchParams.get("token"), request, raw);
    }
    if (!claims) return failure(400, "Unauthorized", "Invalid JWT");
    const json = () => (raw.length ? (JSON.parse(raw.toString("utf8")) as unknown) : {});
    if (request.method === "POST" && (match = /^\/object\/upload\/sign\/([^/]+)\/(.+)$/.exec(path))) {
      return signUpload(claims, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!), request.headers["x-upsert"] === "true");
    }
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
