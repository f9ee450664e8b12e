import fc from "fast-check";

/**
 * Generators for an attacker's requests. Values that must name real data (Alice's chat, Bob's
 * reply) are symbolic `Ref`s, resolved against the database when the case is sent, so a
 * counterexample reads as "Bob's latest reply", shrunk or not.
 */

export type Owner = "alice" | "bob" | "admin";
export interface Ref {
  /**
   * `writingChat`: a chat whose reply is being written (by no one: a row left streaming for the fuzz).
   * `person`: the owner's account id; `plan`: a plan's id (free for alice, pro for bob, none for admin).
   */
  $ref: "chat" | "message" | "reply" | "latestReply" | "share" | "shareToken" | "writingChat" | "person" | "plan" | "document" | "feedback" | "alert" | "apiKey" | "replyChat";
  owner: Owner;
  /** Picks among the owner's rows (modulo their number), oldest first. */
  index: number;
}

export const isRef = (value: unknown): value is Ref =>
  typeof value === "object" && value !== null && "$ref" in value && typeof (value as Ref).owner === "string";

const owner = fc.constantFrom<Owner>("alice", "bob", "admin");
// The kinds a wrong id of another kind is drawn from. Not `writingChat`: only the stop route names
// it, since a stream of it runs until its writer ends; nor the admin routes' `feedback` and `alert`.
// Not `document` either: added after the others, so the seeds' cases of the routes before it stay as they were.
const refKinds = ["chat", "message", "reply", "latestReply", "share", "shareToken"] as const;
export const ref = (...kinds: Ref["$ref"][]) => fc.record({ $ref: fc.constantFrom(...kinds), owner, index: fc.nat(9) });

/** Strings that have broken parsers, databases and templates before. */
export const nastyString = fc.constantFrom(
  "",
  " ",
  "\t\n",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\uffff",
  "\ufeff",
  "🙂",
  "👩‍👩‍👧‍👦".repeat(50),
  "\u202eevil",
  "e\u0301",
  "\r\n\r\nX-Injected: 1",
  "null",
  "undefined",
  "NaN",
  "true",
  "0",
  "-1",
  "1e400",
  "<script>alert(1)</script>",
  "' or '1'='1",
  "'; --",
  "$1",
  "\\",
  '"',
  "%00",
  "%zz",
  "../../../etc/passwd",
  "{{7*7}}",
  "${7*7}",
  "__proto__",
  "constructor",
  "x".repeat(201),
  "x".repeat(2001),
  "x".repeat(8001),
  "é".repeat(4001),
  "\u0000".repeat(100),
);

export const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 9000 }) },
);

/**
 * Text for a field that takes text: mostly plausible, often with what plausible text lacks (any
 * code point, control characters, NUL, lone surrogates, direction overrides), up to `maxLength`.
 */
export const text = (maxLength: number, minLength = 0) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: "binary" }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: "grapheme" }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.string({ minLength, maxLength: Math.max(minLength, maxLength - 1) }),
          // NUL most often: it is what databases refuse.
          fc.oneof({ weight: 3, arbitrary: fc.constant("\u0000") }, { weight: 4, arbitrary: fc.constantFrom("\ud800", "\udfff", "\u202e", "\u0007", "\r\n", "\ufeff") }),
          fc.nat(),
        )
        .map(([plain, odd, at]) => {
          const position = at % (plain.length + 1);
          return `${plain.slice(0, position)}${odd}${plain.slice(position)}`;
        }),
    },
  );

const oddNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0.5, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, 1e21),
);

/** Any JSON value, often of the wrong type for the field it lands in. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A uuid-shaped or id-shaped value: someone's real id, a stranger's, or junk. */
export const idValue = (kind: Ref["$ref"]) =>
  fc.oneof(
    { weight: 4, arbitrary: ref(kind) },
    { weight: 1, arbitrary: ref(...refKinds.filter((other) => other !== kind)) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "------------------------------------") },
    { weight: 2, arbitrary: anyString },
  );

const prototypeKeys = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"] as const;

function withOwnKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  // defineProperty, so `__proto__` is an own key that JSON.stringify writes, as an attacker's JSON has it.
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** A request body: bytes, plus what the case meant (for reading counterexamples). */
export interface FuzzBody {
  kind: string;
  /** JSON to send (refs resolved first), or raw text sent as is. */
  json?: unknown;
  raw?: string;
  bytes?: Uint8Array;
  /** Built when sent, so counterexamples stay short: a field nested this deep, padding of this size. */
  nest?: { key: string; depth: number; asObject: boolean };
  pad?: number;
}

/**
 * Bodies around a route's valid ones: valid; one field of the wrong type or content; a field
 * missing; unknown and prototype keys; deep nesting; huge; not JSON at all; numbers JSON can
 * write but JavaScript cannot keep.
 */
export function fuzzBody(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<FuzzBody> {
  const mutateField = valid.chain((body) => {
    const keys = Object.keys(body);
    if (keys.length === 0) return fc.constant({ kind: "valid (no fields)", json: body });
    return fc.record({ key: fc.constantFrom(...keys), value: anyJson }).map(({ key, value }) => ({
      kind: `field ${key} replaced`,
      json: { ...body, [key]: value },
    }));
  });
  const dropField = valid.chain((body) => {
    const keys = Object.keys(body);
    if (keys.length === 0) return fc.constant({ kind: "valid (no fields)", json: body });
    return fc.constantFrom(...keys).map((key) => {
      const rest = { ...body };
      delete rest[key];
      return { kind: `field ${key} dropped`, json: rest };
    });
  });
  const unknownKey = fc
    .tuple(valid, fc.oneof(fc.constantFrom(...prototypeKeys, "userId", "user_id", "id", "isAdmin", "role"), fc.string({ maxLength: 20 })), anyJson)
    .map(([body, key, value]) => ({ kind: `extra key ${JSON.stringify(key)}`, json: withOwnKey(body, key, value) }));
  const deep = fc
    .tuple(valid, fc.integer({ min: 50, max: 30_000 }), fc.boolean())
    .chain(([body, depth, asObject]) => {
      const keys = Object.keys(body);
      const into = keys.length ? fc.constantFrom(...keys) : fc.constant("deep");
      return into.map((key) => ({ kind: `${key} nested ${depth} deep`, json: body, nest: { key, depth, asObject } }));
    });
  const huge = fc.tuple(valid, fc.integer({ min: 60_000, max: 300_000 })).map(([body, size]) => ({ kind: `padded with ${size} bytes`, json: body, pad: size }));
  const notJson = fc.oneof(
    fc.string({ maxLength: 100 }).map((raw) => ({ kind: "text", raw })),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: "random bytes", bytes })),
    fc.constantFrom("{", "[", '{"a":', "nul", "{}}", "\ufeff{}", "{'a':1}", "a=1&b=2", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--").map((raw) => ({ kind: "malformed", raw })),
    valid.chain((body) =>
      fc.nat().map((cut) => {
        const text = JSON.stringify(body);
        return { kind: "truncated", raw: text.slice(0, cut % Math.max(1, text.length)) };
      }),
    ),
  );
  const numberLiterals = valid.chain((body) => {
    const keys = Object.keys(body);
    const key = keys.length ? fc.constantFrom(...keys) : fc.constant("n");
    return fc.tuple(key, fc.constantFrom("1e400", "-1e400", "1e-400", "-0", "1.0", "123456789012345678901234567890", "0x10", "01", ".5", "+1")).map(([field, literal]) => ({
      kind: `${field}: ${literal}`,
      raw: JSON.stringify({ ...body, [field]: "__literal__" }).replace('"__literal__"', literal),
    }));
  });
  const duplicateKeys = valid.chain((body) =>
    fc.tuple(fc.constantFrom(...(Object.keys(body).length ? Object.keys(body) : ["a"])), anyJson).map(([key, value]) => {
      const text = JSON.stringify(body);
      const extra = `${JSON.stringify(key)}:${JSON.stringify(value) ?? "null"}`;
      return { kind: `duplicate ${key}`, raw: text === "{}" ? `{${extra},${extra}}` : `${text.slice(0, -1)},${extra}}` };
    }),
  );
  return fc.oneof(
    { weight: 12, arbitrary: valid.map((json) => ({ kind: "valid", json })) },
    { weight: 5, arbitrary: mutateField },
    { weight: 1, arbitrary: dropField },
    { weight: 2, arbitrary: unknownKey },
    { weight: 1, arbitrary: anyJson.map((json) => ({ kind: "any JSON", json })) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: notJson },
    { weight: 1, arbitrary: numberLiterals },
    { weight: 1, arbitrary: duplicateKeys },
  );
}

/** Query strings: the route's own keys with good and bad values, strangers, repeats, broken escapes. */
export function fuzzQuery(known: Record<string, fc.Arbitrary<string>>, valid?: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<string> {
  const knownPairs = Object.entries(known).map(([key, value]) =>
    fc.tuple(fc.constant(key), fc.oneof({ weight: 3, arbitrary: value }, { weight: 2, arbitrary: anyString })),
  );
  const pair = fc.oneof(
    ...(knownPairs.length ? [{ weight: 4, arbitrary: fc.oneof(...knownPairs) }] : []),
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("__proto__", "constructor", "toString", "limit", "cursor", "a[]", "a[b]"), anyString) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), anyString) },
  );
  const encoded = fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join("&"));
  const raw = fc.constantFrom("%zz", "%", "a=%E0%A4%A", "&&&", "=", "a=b=c", "limit", "%00=%00", "a=1;b=2", "?");
  const whole = valid?.map((query) => new URLSearchParams(query).toString());
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant("") },
    ...(whole ? [{ weight: 4, arbitrary: whole }] : []),
    { weight: 6, arbitrary: encoded },
    { weight: 1, arbitrary: raw },
    { weight: 1, arbitrary: fc.tuple(encoded, raw).map(([a, b]) => `${a}&${b}`) },
  ).map((query) => (query ? `?${query}` : ""));
}

/** Percent-encodes a string for a request target (lone surrogates become U+FFFD, as a browser sends them). */
export function encode(value: string): string {
  return encodeURIComponent(value.toWellFormed());
}

/** A path segment as sent, not encoded again (broken escapes, dot segments). */
export interface RawSegment {
  raw: string;
}

/** A path segment standing for an id: a ref, a well-formed stranger, junk, or broken escapes. */
export const pathId = (kind: Ref["$ref"]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: idValue(kind) },
    { weight: 1, arbitrary: fc.constantFrom("%zz", "%", "%00", "%2F", "..", "%2e%2e", ".", "%ff%fe", "a%2Fb%2F..%2F..", "").map((raw): RawSegment => ({ raw })) },
    { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 4000 }).map((text) => encode(text)) },
    { weight: 1, arbitrary: ref(kind).map((reference) => ({ ...reference, upper: true })) },
  );

const sameOrigin = "{self}";
export const originHeader = fc.constantFrom(sameOrigin, "https://evil.example", "null", "http://127.0.0.1", "not a url", "http://localhost:1", "file://");

/** `arbitrary` in `weight` cases out of ten, else nothing: a case usually varies in a few ways only, so it gets far. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight = 3) =>
  fc.oneof({ weight: 10 - weight, arbitrary: fc.constant(undefined) }, { weight, arbitrary });

/** Extra request headers: content types, request ids, forwarded addresses, origins, fetch metadata, framing. */
export const fuzzHeaders = fc.record({
  contentType: sometimes(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          "application/json; charset=utf-8",
          "APPLICATION/JSON",
          "application/vnd.api+json",
          "application/jsonp",
          "text/plain",
          "text/plain;charset=UTF-8",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/octet-stream",
          "application/json; charset=utf-16",
          "",
          "*/*",
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
    2,
  ),
  origin: sometimes(originHeader),
  secFetchSite: sometimes(fc.constantFrom("same-origin", "cross-site", "same-site", "none"), 2),
  requestId: sometimes(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._:-]{8,128}$/),
      fc.constantFrom("short", "x".repeat(129), "has space in it", "<script>", "ünïcödé-request", "a\u0000b"),
      fc.string({ maxLength: 200 }),
    ),
  ),
  forwardedFor: sometimes(
    fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.array(fc.ipV4(), { minLength: 2, maxLength: 5 }).map((list) => list.join(", ")),
      fc.constantFrom("", ",", "unknown", "::1, evil", "999.999.999.999", "🙂", "a".repeat(3000)),
      // Long enough, and random enough not to compress, to outgrow an index row (about 2.7 kB).
      fc.base64String({ minLength: 4000, maxLength: 8000 }),
      fc.base64String({ minLength: 4000, maxLength: 8000 }).map((garbage) => `${garbage}, 203.0.113.7`),
      fc.string({ maxLength: 100 }),
    ),
  ),
  forwardedHost: sometimes(fc.constantFrom("evil.example", "", "a:b:c"), 1),
  // How the body is framed: cut short (and declared so), none at all, a declared length far over
  // any limit, chunked (no length to check up front), or a length Node's parser refuses.
  framing: sometimes(fc.constantFrom("truncated", "empty", "absent", "huge", "chunked", "garbage"), 2),
  userAgent: sometimes(fc.oneof(fc.string({ maxLength: 50 }), fc.constant("x".repeat(1500)))),
});
export type FuzzHeaders = typeof fuzzHeaders extends fc.Arbitrary<infer T> ? T : never;

/** Header values go on the wire as bytes: text becomes its UTF-8 bytes (obs-text), controls become spaces. */
export function headerValue(text: string): string {
  return Buffer.from(text.replace(/[\u0000-\u001f\u007f]/g, " ").toWellFormed(), "utf8").toString("latin1");
}

/** Who the request claims to be. Resolved to cookies and Authorization headers by the suite. */
export type Identity =
  | { kind: "none" }
  | { kind: "cookie" | "bearer"; who: Owner }
  /** Someone whose first request this is (nothing of theirs exists yet but their account). */
  | { kind: "newcomer"; as: "cookie" | "bearer" }
  | { kind: "cookie and bearer"; cookie: Owner; bearer: Owner }
  | { kind: "token"; as: "cookie" | "bearer"; token: ForgedToken }
  | { kind: "authorization"; value: string }
  | { kind: "cookie header"; value: string };

export type ForgedToken =
  | "expired"
  | "alg none"
  | "wrong key"
  | "tampered payload"
  | "revoked"
  | "deleted user"
  | "wrong audience"
  | "cron secret"
  | "metrics token"
  | "cron secret lookalike"
  | { garbage: string };

/** Mostly someone real (so most cases pass authentication and reach the handler), else a forgery or nobody. */
export const identity: fc.Arbitrary<Identity> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 14, arbitrary: fc.record({ kind: fc.constantFrom("cookie" as const, "bearer" as const), who: owner }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cookie and bearer" as const), cookie: owner, bearer: owner }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("newcomer" as const), as: fc.constantFrom("cookie" as const, "bearer" as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("token" as const),
      as: fc.constantFrom("cookie" as const, "bearer" as const),
      token: fc.oneof(
        fc.constantFrom<ForgedToken>("expired", "alg none", "wrong key", "tampered payload", "revoked", "deleted user", "wrong audience", "cron secret", "metrics token", "cron secret lookalike"),
        fc.record({ garbage: fc.oneof(fc.string({ maxLength: 60 }), fc.base64String({ maxLength: 300 }), fc.string({ minLength: 3000, maxLength: 6000 })) }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("authorization" as const),
      value: fc.oneof(fc.constantFrom("Bearer", "Bearer ", "Bearer a b", "Basic dXNlcjpwYXNz", "bearer\tx", "Token x", "Bearer ünï"), fc.string({ maxLength: 80 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("cookie header" as const),
      value: fc.oneof(
        fc.constantFrom("mneme-session=", "mneme-session", "=; ;=", "mneme-session=a; mneme-session=b", 'mneme-session="x"', "mneme-theme=dark; mneme-session=%zz"),
        fc.string({ maxLength: 200 }).map((value) => `mneme-session=${value}`),
        fc.string({ maxLength: 200 }),
      ),
    }),
  },
);

export const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type AnyMethod = (typeof methods)[number];
