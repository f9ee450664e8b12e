import fc from "fast-check";
import { idValue, ref, text } from "./arbitraries";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call the route: anyone, a signed-in person, an admin, or the scheduler / scraper by secret. */
export type Access = "public" | "user" | "admin" | "cron" | "metrics";

export interface FuzzRoute {
  /** The route file, relative to the repository. */
  file: string;
  /** The URL, with `[param]` for dynamic segments and `[...path]` for the catch-all. */
  path: string;
  methods: Method[];
  access: Access;
  /** Valid bodies of the methods that read one (refs stand for real rows). */
  body?: Partial<Record<Method, fc.Arbitrary<Record<string, unknown>>>>;
  /** A valid body per method, sent first whatever the seed, so every route is reached at least once. */
  example?: Partial<Record<Method, Record<string, unknown>>>;
  /**
   * `text/plain` JSON is taken too (beacons); `bytes`: the body is passed on unparsed; `multipart`:
   * a form, each field of the body a part (`{ name, text }` a file part).
   */
  bodyType?: "json" | "json or text" | "bytes" | "multipart";
  /** The route's own query keys, with valid values, and whole valid queries where keys depend on each other. */
  query?: Record<string, fc.Arbitrary<string>>;
  validQuery?: fc.Arbitrary<Record<string, string>>;
  /** What each dynamic segment names (`latestReply`: of the `replyChat`, a chat with a reply, that the same index picks). */
  params?: Record<string, "chat" | "reply" | "latestReply" | "share" | "shareToken" | "writingChat" | "person" | "plan" | "document" | "feedback" | "alert" | "apiKey" | "replyChat">;
  /** A success uses up the identity it was sent with: such cases get one of their own. */
  consumes?: "account" | "session";
  /** Success takes longer than a request: cases of this route are fewer (see runsFor). */
  slow?: boolean;
}

// Bodies and queries the route takes, with odd content where it may be odd: the fuzzer's own
// mutations (wrong types, missing and unknown fields, broken JSON) start from these.
const email = fc.oneof(
  // fast-check's emailAddress follows RFC 5322, which zod's stricter (and saner) check mostly refuses.
  { weight: 8, arbitrary: fc.tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,30}$/), fc.constantFrom("example.com", "mail.example.org", "EXAMPLE.NET")).map(([local, domain]) => `${local}@${domain}`) },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.constantFrom("alice@example.com", "ALICE@EXAMPLE.COM", " padded@example.com ", "a@b", "no-at-sign", `${"x".repeat(250)}@e.co`) },
);
const password = fc.oneof({ weight: 8, arbitrary: text(128, 8) }, { weight: 1, arbitrary: fc.constantFrom("correct horse battery", "\u0000".repeat(8), "é".repeat(128)) });
const credentials = fc.record({ email, password });
const isoDay = fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const usageQuery = { from: isoDay, to: isoDay };
const usageRange = fc.tuple(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), fc.nat(400)).map(([from, days]) => ({
  from: from.toISOString().slice(0, 10),
  to: new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10),
}));
const message = fc.oneof(text(200, 1), fc.lorem({ maxCount: 30 }));
const model = fc.oneof({ weight: 6, arbitrary: fc.constant("offline") }, { weight: 1, arbitrary: fc.constantFrom("gpt-4o", "", "offline ") });
const sitePath = fc.oneof(fc.constantFrom("/chat", "/settings", "/chat/1?q=secret#x"), fc.webPath().map((path) => `/${path}`), text(50).map((path) => `/${path}`));

const feedbackFilter = {
  kind: fc.constantFrom("rating", "vote", "both"),
  rating: fc.oneof(fc.integer({ min: 0, max: 6 }).map(String), fc.constant("4.5")),
  vote: fc.constantFrom("up", "down", "sideways"),
  page: sitePath,
  model: fc.oneof(model, text(120)),
  q: text(210),
  from: isoDay,
  to: isoDay,
  reviewed: fc.constantFrom("true", "false", "maybe"),
};
const isoWeek = fc.oneof(
  fc.tuple(fc.integer({ min: 1960, max: 2100 }), fc.integer({ min: 0, max: 54 })).map(([year, week]) => `${year}-W${String(week).padStart(2, "0")}`),
  fc.constantFrom("2026-W5", "2026-w05", "this week", ""),
);

/** A cursor as the API writes them (base64url JSON of [updatedAt, id]), filled with odd values. */
const cursor = fc
  .tuple(
    fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.constantFrom("-100000-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "0000-01-01", "1970-01-01", "not a date", "", "2026-13-45"),
      fc.integer().map(String),
    ),
    fc.oneof(fc.uuid(), fc.constantFrom("------------------------------------", "ffffffffffffffffffffffffffffffffffff", "0".repeat(36))),
    fc.boolean(),
  )
  .map(([updatedAt, id, asArray]) => Buffer.from(JSON.stringify(asArray ? [updatedAt, id] : { updatedAt, id })).toString("base64url"));

/**
 * Every route file of the app, with its methods and what its inputs look like. The suite fails when
 * a route file exists that this table does not list, or when the methods disagree.
 */
/** An account the suite signs up first, so that the login route's example succeeds in any shard. */
export const loginExample = { email: "fuzz-login@example.com", password: "example-password" };

export const fuzzRoutes: FuzzRoute[] = [
  { file: "app/(auth)/api/auth/signup/route.ts", path: "/api/auth/signup", methods: ["POST"], example: { POST: { email: "fuzz-example@example.com", password: "example-password" } }, access: "public", body: { POST: credentials } },
  { file: "app/(auth)/api/auth/login/route.ts", path: "/api/auth/login", methods: ["POST"], example: { POST: loginExample }, access: "public", body: { POST: credentials } },
  { file: "app/(auth)/api/auth/logout/route.ts", path: "/api/auth/logout", methods: ["POST"], access: "user", consumes: "session" },
  { file: "app/(auth)/api/auth/session/route.ts", path: "/api/auth/session", methods: ["GET"], access: "public" },
  {
    file: "app/(chat)/api/chats/route.ts",
    path: "/api/chats",
    methods: ["GET", "POST"],
    access: "user",
    example: { POST: { title: "Fuzzed" } },
    query: { limit: fc.integer({ min: 1, max: 100 }).map(String), cursor, q: text(210), archived: fc.constantFrom("true", "false", "yes") },
    body: { POST: fc.record({ title: text(210), temporary: fc.oneof(fc.boolean(), fc.constant("yes")) }, { requiredKeys: [] }) },
  },
  {
    file: "app/(chat)/api/chats/[id]/route.ts",
    path: "/api/chats/[id]",
    methods: ["GET", "PATCH", "DELETE"],
    access: "user",
    example: { PATCH: { title: "Renamed" } },
    params: { id: "chat" },
    query: { limit: fc.oneof(fc.integer({ min: 1, max: 200 }).map(String), fc.constantFrom("0", "201", "-1", "1.5", "x")), before: fc.oneof(fc.uuid(), text(40)) },
    body: {
      PATCH: fc.record(
        {
          title: text(210),
          pinned: fc.oneof(fc.boolean(), fc.constant(1)),
          archived: fc.boolean(),
          inMemory: fc.oneof(fc.boolean(), fc.constant(null)),
          activeMessageId: idValue("reply"),
        },
        { requiredKeys: [] },
      ),
    },
  },
  {
    file: "app/(chat)/api/chats/[id]/messages/[messageId]/route.ts",
    path: "/api/chats/[id]/messages/[messageId]",
    methods: ["DELETE"],
    access: "user",
    // The example's chat and its latest reply go together: a delete that succeeds.
    params: { id: "replyChat", messageId: "latestReply" },
  },
  {
    file: "app/(chat)/api/chat/route.ts",
    path: "/api/chat",
    methods: ["POST"],
    access: "user",
    example: { POST: { message: "Hello there" } },
    slow: true,
    body: {
      POST: fc.oneof(
        fc.record({ message, chatId: idValue("chat"), model, temporary: fc.boolean(), documentIds: fc.array(idValue("document"), { maxLength: 3 }) }, { requiredKeys: ["message"] }),
        fc.record({ chatId: ref("chat"), retryOf: idValue("latestReply"), model }, { requiredKeys: ["chatId", "retryOf"] }),
        fc.record({ chatId: ref("chat"), editOf: idValue("reply"), message, model }, { requiredKeys: ["chatId", "editOf", "message"] }),
      ),
    },
  },
  { file: "app/(chat)/api/chats/[id]/stop/route.ts", path: "/api/chats/[id]/stop", methods: ["POST"], access: "user", params: { id: "writingChat" } },
  { file: "app/(chat)/api/chats/[id]/stream/route.ts", path: "/api/chats/[id]/stream", methods: ["GET"], access: "user", params: { id: "chat" } },
  { file: "app/(chat)/api/chats/[id]/shares/route.ts", path: "/api/chats/[id]/shares", methods: ["POST"], access: "user", params: { id: "chat" } },
  { file: "app/(chat)/api/shares/route.ts", path: "/api/shares", methods: ["GET"], access: "user" },
  { file: "app/(chat)/api/shares/[id]/route.ts", path: "/api/shares/[id]", methods: ["DELETE"], access: "user", params: { id: "share" } },
  {
    file: "app/(chat)/api/keys/route.ts",
    path: "/api/keys",
    methods: ["GET", "POST"],
    access: "user",
    example: { POST: { name: "Fuzzed key" } },
    body: {
      POST: fc.record(
        { name: text(120), expiresAt: fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((date) => date.toISOString()) },
        { requiredKeys: ["name"] },
      ),
    },
  },
  { file: "app/(chat)/api/keys/[id]/route.ts", path: "/api/keys/[id]", methods: ["DELETE"], access: "user", params: { id: "apiKey" } },
  { file: "app/(chat)/api/share/[token]/route.ts", path: "/api/share/[token]", methods: ["GET"], access: "public", params: { token: "shareToken" } },
  { file: "app/(chat)/api/share/[token]/copy/route.ts", path: "/api/share/[token]/copy", methods: ["POST"], access: "user", params: { token: "shareToken" } },
  { file: "app/(chat)/api/events/route.ts", path: "/api/events", methods: ["GET"], access: "user" },
  {
    file: "app/(chat)/api/feedback/route.ts",
    path: "/api/feedback",
    methods: ["POST"],
    access: "user",
    example: { POST: { rating: 5 } },
    body: {
      POST: fc.oneof(
        fc.record(
          { rating: fc.integer({ min: 1, max: 5 }), comment: text(100), page: sitePath },
          { requiredKeys: ["rating"] },
        ),
        fc.record({ messageId: idValue("reply"), vote: fc.constantFrom("up", "down"), comment: text(100) }, { requiredKeys: ["messageId", "vote"] }),
      ),
    },
  },
  {
    file: "app/(chat)/api/feedback/votes/[messageId]/route.ts",
    path: "/api/feedback/votes/[messageId]",
    methods: ["DELETE"],
    access: "user",
    params: { messageId: "reply" },
  },
  { file: "app/(chat)/api/models/route.ts", path: "/api/models", methods: ["GET"], access: "user" },
  {
    file: "app/(chat)/api/settings/route.ts",
    path: "/api/settings",
    methods: ["GET", "PATCH"],
    access: "user",
    example: { PATCH: { theme: "dark" } },
    body: {
      PATCH: fc.record(
        {
          theme: fc.constantFrom("light", "dark", "system"),
          defaultModel: model,
          systemPrompt: text(300),
          memoryEnabled: fc.boolean(),
          temperature: fc.double({ min: 0, max: 2, noNaN: true }),
        },
        { requiredKeys: [] },
      ),
    },
  },
  { file: "app/(chat)/api/usage/route.ts", path: "/api/usage", methods: ["GET"], access: "user", query: usageQuery, validQuery: usageRange },
  { file: "app/(chat)/api/account/route.ts", path: "/api/account", methods: ["DELETE"], access: "user", consumes: "account" },
  { file: "app/(chat)/api/account/export/route.ts", path: "/api/account/export", methods: ["GET"], access: "user" },
  {
    file: "app/(memory)/api/memory/search/route.ts",
    path: "/api/memory/search",
    methods: ["POST"],
    access: "user",
    example: { POST: { query: "tides" } },
    body: { POST: fc.record({ query: message, limit: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: ["query"] }) },
  },
  {
    file: "app/(ops)/api/admin/overview/route.ts",
    path: "/api/admin/overview",
    methods: ["GET"],
    access: "admin",
    query: { minutes: fc.integer({ min: 5, max: 1440 }).map(String) },
  },
  { file: "app/(ops)/api/admin/usage.csv/route.ts", path: "/api/admin/usage.csv", methods: ["GET"], access: "admin", query: usageQuery, validQuery: usageRange },
  {
    file: "app/(ops)/api/admin/users/route.ts",
    path: "/api/admin/users",
    methods: ["GET"],
    access: "admin",
    query: {
      q: fc.oneof(text(40), fc.constantFrom("alice", "%", "_", "example.com")),
      sort: fc.constantFrom("email", "-email", "createdAt", "-lastActiveAt", "plan", "-requests", "costUsd", "-budgetUsedFraction", "status"),
      limit: fc.integer({ min: 1, max: 100 }).map(String),
      cursor: fc.oneof(cursor, fc.tuple(fc.constantFrom("email", "-requests"), text(30), fc.uuid()).map((parts) => Buffer.from(JSON.stringify(parts)).toString("base64url"))),
    },
  },
  {
    file: "app/(ops)/api/admin/users/[id]/route.ts",
    path: "/api/admin/users/[id]",
    methods: ["GET", "PATCH"],
    access: "admin",
    params: { id: "person" },
    example: { PATCH: { plan: "free" } },
    // Never a suspension, nor limits that would throttle the other cases: those have route tests of their own.
    body: {
      PATCH: fc.record(
        {
          plan: fc.constantFrom("free", "pro", "fuzz-missing", "Not A Slug"),
          limits: fc.oneof(fc.constant(null), fc.record({ apiRequestsPerMinute: fc.integer({ min: 50_000, max: 1_000_000 }), monthlyBudgetUsd: fc.constantFrom(null, 1000, 0.5) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    },
  },
  {
    file: "app/(ops)/api/admin/plans/route.ts",
    path: "/api/admin/plans",
    methods: ["GET", "POST"],
    access: "admin",
    example: { POST: { id: "fuzz-example", name: "Fuzz", apiRequestsPerMinute: 100000, chatRequestsPerMinute: 100000, monthlyRequests: null, monthlyBudgetUsd: null, models: null } },
    body: {
      POST: fc.record({
        id: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/), text(50)),
        name: text(100, 1),
        apiRequestsPerMinute: fc.integer({ min: 0, max: 2_000_000 }),
        chatRequestsPerMinute: fc.integer({ min: 0, max: 2_000_000 }),
        monthlyRequests: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 100_000_001 })),
        monthlyBudgetUsd: fc.oneof(fc.constant(null), fc.double({ min: -1, max: 2_000_000, noNaN: true })),
        models: fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.constant("offline"), text(50)), { maxLength: 5 })),
      }),
    },
  },
  {
    file: "app/(ops)/api/admin/plans/[id]/route.ts",
    path: "/api/admin/plans/[id]",
    methods: ["PATCH", "DELETE"],
    access: "admin",
    params: { id: "plan" },
    example: { PATCH: { name: "Renamed by the fuzz" } },
    // Limits stay high and models open: the other cases run on these plans.
    body: { PATCH: fc.record({ name: text(100, 1), apiRequestsPerMinute: fc.integer({ min: 100_000, max: 1_000_000 }), monthlyBudgetUsd: fc.constantFrom(null, 1000) }, { requiredKeys: [] }) },
  },
  {
    file: "app/(ops)/api/admin/audit/route.ts",
    path: "/api/admin/audit",
    methods: ["GET"],
    access: "admin",
    query: { limit: fc.integer({ min: 1, max: 100 }).map(String), cursor: fc.oneof(fc.nat().map((seq) => Buffer.from(`a${seq}`).toString("base64url")), text(20)) },
  },
  { file: "app/(ops)/api/admin/sentry-check/route.ts", path: "/api/admin/sentry-check", methods: ["POST"], access: "admin" },
  {
    file: "app/(ops)/api/admin/feedback/route.ts",
    path: "/api/admin/feedback",
    methods: ["GET"],
    access: "admin",
    query: { ...feedbackFilter, cursor, limit: fc.oneof(fc.integer({ min: 1, max: 100 }).map(String), fc.constantFrom("0", "101", "x")) },
  },
  { file: "app/(ops)/api/admin/feedback.csv/route.ts", path: "/api/admin/feedback.csv", methods: ["GET"], access: "admin", query: feedbackFilter },
  {
    file: "app/(ops)/api/admin/feedback/[id]/route.ts",
    path: "/api/admin/feedback/[id]",
    methods: ["PATCH"],
    access: "admin",
    params: { id: "feedback" },
    example: { PATCH: { reviewed: true } },
    body: { PATCH: fc.record({ reviewed: fc.oneof(fc.boolean(), fc.constant("yes")) }) },
  },
  {
    file: "app/(ops)/api/admin/alerts/[id]/route.ts",
    path: "/api/admin/alerts/[id]",
    methods: ["PATCH"],
    access: "admin",
    params: { id: "alert" },
    example: { PATCH: { acknowledged: true } },
    body: { PATCH: fc.record({ acknowledged: fc.oneof(fc.constant(true), fc.boolean(), fc.constant(1)) }) },
  },
  {
    file: "app/(ops)/api/admin/alert-thresholds/route.ts",
    path: "/api/admin/alert-thresholds",
    methods: ["GET", "PATCH"],
    access: "admin",
    example: { PATCH: { p95LatencyMs: 1500 } },
    body: {
      PATCH: fc.record(
        {
          dailyCostUsd: fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.constant(null)),
          errorRatePercent: fc.oneof(fc.double({ min: -1, max: 101, noNaN: true }), fc.constant(null)),
          p95LatencyMs: fc.oneof(fc.integer({ min: 0, max: 700_000 }), fc.constant(null)),
          minRequests: fc.integer({ min: 0, max: 100 }),
          cooldownMinutes: fc.oneof(fc.integer({ min: 1, max: 10_080 }), fc.double({ noNaN: true })),
        },
        { requiredKeys: [] },
      ),
    },
  },
  { file: "app/(ops)/api/admin/reports/weekly/route.ts", path: "/api/admin/reports/weekly", methods: ["GET"], access: "admin", query: { week: isoWeek } },
  { file: "app/(ops)/api/admin/reports/weekly.csv/route.ts", path: "/api/admin/reports/weekly.csv", methods: ["GET"], access: "admin", query: { week: isoWeek } },
  { file: "app/(ops)/api/cron/alerts/route.ts", path: "/api/cron/alerts", methods: ["GET"], access: "cron" },
  { file: "app/(ops)/api/cron/documents/route.ts", path: "/api/cron/documents", methods: ["GET"], access: "cron" },
  { file: "app/(ops)/api/cron/maintenance/route.ts", path: "/api/cron/maintenance", methods: ["GET"], access: "cron" },
  { file: "app/(ops)/api/cron/weekly-report/route.ts", path: "/api/cron/weekly-report", methods: ["GET"], access: "cron" },
  { file: "app/(ops)/api/health/route.ts", path: "/api/health", methods: ["GET"], access: "public" },
  { file: "app/(ops)/api/openapi.json/route.ts", path: "/api/openapi.json", methods: ["GET"], access: "public" },
  { file: "app/(ops)/api/metrics/route.ts", path: "/api/metrics", methods: ["GET"], access: "metrics" },
  {
    file: "app/(ops)/api/vitals/route.ts",
    path: "/api/vitals",
    methods: ["POST"],
    access: "public",
    example: { POST: { name: "LCP", value: 1200, rating: "good", id: "v5-1-2", page: "/chat" } },
    bodyType: "json or text",
    body: {
      POST: fc.record({
        name: fc.constantFrom("LCP", "INP", "CLS", "FCP", "TTFB"),
        value: fc.double({ min: 0, max: 100, noNaN: true }),
        rating: fc.constantFrom("good", "needs-improvement", "poor"),
        id: fc.stringMatching(/^v5-[0-9]{13}-[0-9]{13}$/),
        page: sitePath,
      }),
    },
  },
  { file: "app/(ops)/monitoring/route.ts", path: "/monitoring", methods: ["POST"], example: { POST: { envelope: true } }, access: "public", bodyType: "bytes", body: { POST: fc.constant({ envelope: true }) } },
  { file: "app/api/[...path]/route.ts", path: "/api/[...path]", methods: ["GET", "POST", "PUT", "PATCH", "DELETE"], access: "public" },
  // Last, so that each route before keeps its seed (seed + index) and the cases it always had.
  {
    file: "app/(chat)/api/documents/route.ts",
    path: "/api/documents",
    methods: ["GET", "POST"],
    access: "user",
    bodyType: "multipart",
    example: { POST: { file: { name: "fuzz.md", text: "# Fuzzed\n\nA note the fuzzer wrote" } } },
    body: {
      POST: fc.record(
        {
          file: fc.record({ name: fc.oneof(fc.constantFrom("notes.md", "a.txt", "x.pdf", "../../etc/passwd", ""), text(300)), text: fc.oneof(message, fc.constantFrom("", "%PDF-1.7 broken", "PK\u0003\u0004 not a zip")) }),
          scope: fc.constantFrom("memory", "chat", "elsewhere"),
          chatId: idValue("chat"),
        },
        { requiredKeys: ["file"] },
      ),
    },
  },
  { file: "app/(chat)/api/documents/[id]/route.ts", path: "/api/documents/[id]", methods: ["GET", "DELETE"], access: "user", params: { id: "document" } },
  { file: "app/(chat)/api/documents/[id]/file/route.ts", path: "/api/documents/[id]/file", methods: ["GET"], access: "user", params: { id: "document" } },
  { file: "app/(chat)/api/documents/[id]/passages/route.ts", path: "/api/documents/[id]/passages", methods: ["GET"], access: "user", params: { id: "document" } },
  { file: "app/(chat)/api/documents/[id]/retry/route.ts", path: "/api/documents/[id]/retry", methods: ["POST"], access: "user", params: { id: "document" } },
  {
    file: "app/(chat)/api/documents/uploads/route.ts",
    path: "/api/documents/uploads",
    methods: ["POST"],
    access: "user",
    example: { POST: { name: "large.pdf", bytes: 6_000_000, mimeType: "application/pdf" } },
    body: {
      POST: fc.record(
        {
          name: fc.oneof(fc.constantFrom("large.pdf", "../../etc/passwd", ""), text(300)),
          bytes: fc.oneof(fc.integer({ min: -1, max: 30 * 1024 * 1024 }), fc.constant(Number.MAX_SAFE_INTEGER), fc.double({ noNaN: true })),
          mimeType: fc.oneof(fc.constantFrom("application/pdf", "", "text/html"), text(300)),
          scope: fc.constantFrom("memory", "chat", "elsewhere"),
          chatId: idValue("chat"),
        },
        { requiredKeys: ["name", "bytes", "mimeType"] },
      ),
    },
  },
  { file: "app/(chat)/api/documents/[id]/uploaded/route.ts", path: "/api/documents/[id]/uploaded", methods: ["POST"], access: "user", params: { id: "document" } },
  {
    file: "app/(chat)/api/documents/uploads/[id]/route.ts",
    path: "/api/documents/uploads/[id]",
    methods: ["PUT"],
    access: "public",
    params: { id: "document" },
    bodyType: "bytes",
    query: { token: fc.oneof(fc.constantFrom("", "eyJhbGciOiJIUzI1NiJ9.e30.x"), text(100)) },
    body: { PUT: fc.constant({ bytes: true }) },
  },
];
