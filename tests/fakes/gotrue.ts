import http from "node:http";
import type { AddressInfo } from "node:net";
import bcrypt from "bcryptjs";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from "jose";

/**
 * A stand-in for Supabase Auth (GoTrue) under `/auth/v1`, speaking its REST API as supabase-js
 * calls it: `POST /signup`, `POST /token?grant_type=password|refresh_token`, `GET /user`,
 * `PUT /user` (user_metadata only), `POST /logout`, `PUT /admin/users/:id` (with the secret key:
 * app_metadata, user_metadata, `ban_duration`) and `GET /.well-known/jwks.json`. As in GoTrue, a
 * banned user (`banned_until` in the future) cannot sign in with a password (400 user_banned) nor
 * refresh a session, while access tokens already issued stay valid until they expire. Access tokens are ES256 JWTs with Supabase's claims, app_metadata and
 * user_metadata among them, so `getClaims()` verifies them against the JWKS as it does in
 * production. As in GoTrue, users write their own user_metadata (`data`) and only the service role
 * writes app_metadata (`raw_app_meta_data`, which sign-up starts as the email provider). Users live in
 * the project database's `auth.users` (through `query`), as GoTrue keeps them, so the
 * `on_auth_user_created` trigger and every foreign key behave as on Supabase. Email confirmation
 * is off (auto-confirm), as DEPLOY.md sets it. Passwords over 72 bytes are refused at sign-up as
 * GoTrue refuses them (bcrypt would ignore the rest). With CAPTCHA protection on (Authentication →
 * Attack Protection), sign-up and password sign-in need `gotrue_meta_security.captcha_token`, which
 * the provider accepts once.
 */
export interface FakeGoTrue {
  url: string;
  publishableKey: string;
  /** The project's secret (service role) key, for the admin API. */
  secretKey: string;
  /** Requests seen, as `METHOD /path?query`, for asserting what the app called. */
  calls: string[];
  /** Lifetime of the access tokens it issues from now on (3600 s, as Supabase's default). */
  accessTokenSeconds: number;
  /** While true, every call answers 429 over_request_rate_limit, as Auth's rate limits do. */
  rateLimited: boolean;
  /**
   * CAPTCHA protection: null when off; else the tokens the provider (hCaptcha, Turnstile) would
   * accept, each once, as their siteverify does.
   */
  captchaTokens: string[] | null;
  /** The project's HTTP server, which other fakes (Realtime) share, as they share the project URL. */
  server: http.Server;
  /** Hands requests under `prefix` (for example `/realtime/v1/api`) to another fake. */
  mount(prefix: string, handler: (request: http.IncomingMessage, response: http.ServerResponse) => void): void;
  close(): Promise<void>;
}

type Query = <T>(text: string, params?: unknown[]) => Promise<{ rows: T[] }>;

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | string;
  last_sign_in_at: Date | string | null;
  banned_until: Date | string | null;
}

type Metadata = Record<string, unknown>;

/** GoTrue's metadata update: keys are merged in, and a null value removes its key. */
function mergeMetadata(current: Metadata | null, update: unknown): Metadata {
  const merged: Metadata = { ...current };
  for (const [key, value] of Object.entries(update as Metadata)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

const isBanned = (row: UserRow) => row.banned_until !== null && new Date(row.banned_until).getTime() > Date.now();

/** A Go duration as GoTrue's `ban_duration` takes it (time.ParseDuration): e.g. "876000h", "1h30m", "90s"; null if malformed. */
function parseGoDurationMs(text: string): number | null {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return null;
  return parts.reduce((total, part) => total + Number(part[1]) * units[part[2]!]!, 0);
}

const isObject = (value: unknown): value is Metadata => typeof value === "object" && value !== null && !Array.isArray(value);

/** GoTrue's bcrypt limit: `len(password)` in Go counts bytes. */
const maxPasswordBytes = 72;

export async function startFakeGoTrue({
  query,
  publishableKey = "sb_publishable_fake_key",
  secretKey = "sb_secret_fake_key",
  captchaTokens = null,
}: {
  query: Query;
  publishableKey?: string;
  secretKey?: string;
  captchaTokens?: string[] | null;
}): Promise<FakeGoTrue> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = crypto.randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
  const refreshTokens = new Map<string, { userId: string; sessionId: string }>();
  const revokedSessions = new Set<string>();
  const calls: string[] = [];
  const settings: { accessTokenSeconds: number; rateLimited: boolean; captchaTokens: string[] | null } = { accessTokenSeconds: 3600, rateLimited: false, captchaTokens: captchaTokens && [...captchaTokens] };
  let issuer = "";

  const userJson = (row: UserRow) => ({
    id: row.id,
    aud: "authenticated",
    role: "authenticated",
    email: row.email,
    email_confirmed_at: new Date(row.created_at).toISOString(),
    phone: "",
    confirmed_at: new Date(row.created_at).toISOString(),
    last_sign_in_at: row.last_sign_in_at ? new Date(row.last_sign_in_at).toISOString() : null,
    ...(row.banned_until ? { banned_until: new Date(row.banned_until).toISOString() } : {}),
    app_metadata: row.raw_app_meta_data ?? {},
    user_metadata: row.raw_user_meta_data ?? {},
    identities: [],
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date().toISOString(),
    is_anonymous: false,
  });

  async function issueSession(row: UserRow, sessionId: string = crypto.randomUUID()) {
    const now = Math.floor(Date.now() / 1000);
    const { accessTokenSeconds } = settings;
    const accessToken = await new SignJWT({
      email: row.email,
      phone: "",
      app_metadata: row.raw_app_meta_data ?? {},
      user_metadata: row.raw_user_meta_data ?? {},
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setIssuer(issuer)
      .setSubject(row.id)
      .setAudience("authenticated")
      .setIssuedAt(now)
      .setExpirationTime(now + accessTokenSeconds)
      .sign(privateKey);
    const refreshToken = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
    refreshTokens.set(refreshToken, { userId: row.id, sessionId });
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: accessTokenSeconds,
      expires_at: now + accessTokenSeconds,
      refresh_token: refreshToken,
      user: userJson(row),
    };
  }

  async function userFromBearer(header: string | undefined): Promise<{ row: UserRow; sessionId: string } | null> {
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer, audience: "authenticated" });
      const sessionId = String(payload.session_id);
      if (revokedSessions.has(sessionId)) return null;
      const { rows } = await query<UserRow>("select * from auth.users where id = $1", [payload.sub]);
      return rows[0] ? { row: rows[0], sessionId } : null;
    } catch {
      return null;
    }
  }

  const error = (status: number, code: string, message: string) => ({ status, body: { code: status, error_code: code, msg: message } });

  async function route(method: string, url: URL, headers: http.IncomingHttpHeaders, body: Record<string, unknown>) {
    const path = url.pathname.replace(/^\/auth\/v1/, "");
    if (method === "GET" && path === "/.well-known/jwks.json") return { status: 200, body: { keys: [jwk] } };
    if (settings.rateLimited) return error(429, "over_request_rate_limit", "Request rate limit reached");
    const isServiceRole = headers.apikey === secretKey;
    if (headers.apikey !== publishableKey && !isServiceRole) return { status: 401, body: { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." } };

    // GoTrue's verifyCaptcha, before the handler, on sign-up and password sign-in (not on refresh).
    const needsCaptcha = (method === "POST" && path === "/signup") || (method === "POST" && path === "/token" && url.searchParams.get("grant_type") === "password");
    if (settings.captchaTokens && needsCaptcha && !isServiceRole) {
      const security = isObject(body.gotrue_meta_security) ? body.gotrue_meta_security : {};
      const token = typeof security.captcha_token === "string" ? security.captcha_token.trim() : "";
      if (!token) return error(400, "captcha_failed", "captcha protection: request disallowed (no captcha_token found)");
      const index = settings.captchaTokens.indexOf(token);
      if (index === -1) return error(400, "captcha_failed", "captcha protection: request disallowed (invalid-input-response)");
      settings.captchaTokens.splice(index, 1);
    }

    if (method === "POST" && path === "/signup") {
      const email = String(body.email ?? "").trim().toLowerCase();
      const password = String(body.password ?? "");
      if (!email.includes("@")) return error(400, "validation_failed", "Unable to validate email address: invalid format");
      if (Buffer.byteLength(password) > maxPasswordBytes) return error(400, "validation_failed", `Password cannot be longer than ${maxPasswordBytes} characters`);
      if (password.length < 6) return error(422, "weak_password", "Password should be at least 6 characters.");
      const hash = await bcrypt.hash(password, 4);
      // Whatever the caller sends as `data` is user_metadata; app_metadata is GoTrue's own. JSON is
      // bound as text: postgres.js would encode a string bound to a jsonb parameter a second time.
      const userMetadata = isObject(body.data) ? body.data : {};
      const { rows } = await query<UserRow>(
        // GoTrue makes the id and the metadata itself: auth.users has no defaults for them.
        `insert into auth.users (id, aud, role, email, encrypted_password, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at)
         values (gen_random_uuid(), 'authenticated', 'authenticated', $1, $2, $3::text::jsonb, $4::text::jsonb, now(), now(), now())
         on conflict do nothing returning *`,
        [email, hash, JSON.stringify({ provider: "email", providers: ["email"] }), JSON.stringify(userMetadata)],
      );
      if (!rows[0]) return error(422, "user_already_exists", "User already registered");
      return { status: 200, body: await issueSession(rows[0]) };
    }

    if (method === "POST" && path === "/token" && url.searchParams.get("grant_type") === "password") {
      const { rows } = await query<UserRow>("select * from auth.users where lower(email) = lower($1)", [String(body.email ?? "")]);
      const row = rows[0];
      if (!row) return error(400, "invalid_credentials", "Invalid login credentials");
      // GoTrue checks the ban before the password.
      if (isBanned(row)) return error(400, "user_banned", "User is banned");
      if (!(await bcrypt.compare(String(body.password ?? ""), row.encrypted_password))) {
        return error(400, "invalid_credentials", "Invalid login credentials");
      }
      await query("update auth.users set last_sign_in_at = now() where id = $1", [row.id]);
      return { status: 200, body: await issueSession(row) };
    }

    if (method === "POST" && path === "/token" && url.searchParams.get("grant_type") === "refresh_token") {
      const held = refreshTokens.get(String(body.refresh_token ?? ""));
      if (!held || revokedSessions.has(held.sessionId)) return error(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
      refreshTokens.delete(String(body.refresh_token));
      const { rows } = await query<UserRow>("select * from auth.users where id = $1", [held.userId]);
      if (!rows[0]) return error(403, "user_not_found", "User from sub claim in JWT does not exist");
      if (isBanned(rows[0])) return error(400, "user_banned", "Invalid Refresh Token: User Banned");
      return { status: 200, body: await issueSession(rows[0], held.sessionId) };
    }

    if (method === "GET" && path === "/user") {
      const found = await userFromBearer(headers.authorization);
      return found ? { status: 200, body: userJson(found.row) } : error(403, "bad_jwt", "invalid JWT: unable to parse or verify signature");
    }

    if (method === "PUT" && path === "/user") {
      const found = await userFromBearer(headers.authorization);
      if (!found) return error(403, "bad_jwt", "invalid JWT: unable to parse or verify signature");
      if (body.app_metadata !== undefined) return error(403, "not_admin", "Updating app_metadata requires admin privileges");
      const unserved = Object.keys(body).filter((key) => !["data", "code_challenge", "code_challenge_method"].includes(key));
      if (unserved.length) return error(400, "not_served", `PUT /user with ${unserved.join(", ")} is not served by the fake`);
      const userMetadata = isObject(body.data) ? mergeMetadata(found.row.raw_user_meta_data, body.data) : found.row.raw_user_meta_data;
      const { rows } = await query<UserRow>("update auth.users set raw_user_meta_data = $2::text::jsonb, updated_at = now() where id = $1 returning *", [found.row.id, JSON.stringify(userMetadata ?? {})]);
      return { status: 200, body: userJson(rows[0]!) };
    }

    const adminUser = path.match(/^\/admin\/users\/([0-9a-f-]{36})$/);
    if (method === "PUT" && adminUser) {
      if (!isServiceRole) return error(403, "not_admin", "User not allowed");
      const { rows: found } = await query<UserRow>("select * from auth.users where id = $1", [adminUser[1]]);
      if (!found[0]) return error(404, "user_not_found", "User not found");
      const appMetadata = isObject(body.app_metadata) ? mergeMetadata(found[0].raw_app_meta_data, body.app_metadata) : found[0].raw_app_meta_data;
      const userMetadata = isObject(body.user_metadata) ? mergeMetadata(found[0].raw_user_meta_data, body.user_metadata) : found[0].raw_user_meta_data;
      // `ban_duration`: "none" lifts a ban; a Go duration bans from now for that long.
      let bannedUntil = found[0].banned_until === null ? null : new Date(found[0].banned_until).toISOString();
      if (body.ban_duration !== undefined) {
        const duration = String(body.ban_duration);
        if (duration === "none") bannedUntil = null;
        else {
          const ms = parseGoDurationMs(duration);
          if (ms === null) return error(400, "validation_failed", "invalid format for ban duration: time: invalid duration \"" + duration + "\"");
          bannedUntil = new Date(Date.now() + ms).toISOString();
        }
      }
      const { rows } = await query<UserRow>(
        "update auth.users set raw_app_meta_data = $2::text::jsonb, raw_user_meta_data = $3::text::jsonb, banned_until = $4::timestamptz, updated_at = now() where id = $1 returning *",
        [found[0].id, JSON.stringify(appMetadata ?? {}), JSON.stringify(userMetadata ?? {}), bannedUntil],
      );
      return { status: 200, body: userJson(rows[0]!) };
    }

    if (method === "POST" && path === "/logout") {
      const found = await userFromBearer(headers.authorization);
      if (found) revokedSessions.add(found.sessionId);
      return { status: 204, body: null };
    }

    return error(404, "not_found", `${method} ${path} is not served by the fake`);
  }

  const mounts: [string, (request: http.IncomingMessage, response: http.ServerResponse) => void][] = [];
  const server = http.createServer((request, response) => {
    const mounted = mounts.find(([prefix]) => (request.url ?? "/").startsWith(prefix));
    if (mounted) return mounted[1](request, response);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", issuer);
      calls.push(`${request.method} ${url.pathname}${url.search}`);
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      } catch {
        response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ code: 400, error_code: "bad_json", msg: "Could not parse request body as JSON" }));
        return;
      }
      route(request.method ?? "GET", url, request.headers, body).then(
        ({ status, body: answer }) => {
          response.writeHead(status, answer === null ? {} : { "content-type": "application/json" });
          response.end(answer === null ? undefined : JSON.stringify(answer));
        },
        (failure: unknown) => {
          response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ code: 500, error_code: "unexpected_failure", msg: String(failure) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${url}/auth/v1`;
  return {
    url,
    publishableKey,
    secretKey,
    calls,
    get accessTokenSeconds() {
      return settings.accessTokenSeconds;
    },
    set accessTokenSeconds(seconds: number) {
      settings.accessTokenSeconds = seconds;
    },
    get rateLimited() {
      return settings.rateLimited;
    },
    set rateLimited(limited: boolean) {
      settings.rateLimited = limited;
    },
    get captchaTokens() {
      return settings.captchaTokens;
    },
    set captchaTokens(tokens: string[] | null) {
      settings.captchaTokens = tokens && [...tokens];
    },
    server,
    mount(prefix, handler) {
      mounts.push([prefix, handler]);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
