import "server-only";
import { z } from "zod";
import { captchaProviders } from "@/lib/auth/captcha-providers";

const emptyAsMissing = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsMissing, z.string().optional());
const commaList = z.preprocess(
  emptyAsMissing,
  z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((item) => item.trim()).filter(Boolean) : [])),
);

/** Any UUID Postgres stores: the id of an account in `auth.users`, as `npm run admin -- list` prints it. */
const userIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const userIdList = commaList
  .superRefine((ids, context) => {
    for (const id of ids.filter((id) => !userIdPattern.test(id))) {
      context.addIssue({ code: "custom", message: `"${id}" is not a user id (a UUID; npm run admin -- list prints them)` });
    }
  })
  .transform((ids) => ids.map((id) => id.toLowerCase()));

/** A monthly plan limit: unset (the plan table's), a number, or `unlimited`, read as null. */
const monthlyLimit = (limit: z.ZodType<number, unknown>) =>
  z.preprocess(emptyAsMissing, z.union([z.literal("unlimited").transform(() => null), limit]).optional());

const supabaseVariables = ["NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "DATABASE_URL"] as const;
const captchaVariables = ["NEXT_PUBLIC_CAPTCHA_PROVIDER", "NEXT_PUBLIC_CAPTCHA_SITE_KEY"] as const;

const serverSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.preprocess(emptyAsMissing, z.url().optional()),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optionalString,
  /** The project's secret (service role) key: the Supabase mode bans suspended accounts in Supabase Auth with it. */
  SUPABASE_SECRET_KEY: optionalString,
  DATABASE_URL: z.preprocess(
    emptyAsMissing,
    z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// connection string").optional(),
  ),
  /** Connections each server process keeps to DATABASE_URL (Supavisor multiplexes them). */
  DATABASE_POOL_MAX: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(100).default(5)),
  /**
   * How long the app waits for DATABASE_URL to accept a connection or answer what it was sent
   * before it gives the connection up (the request answers 503). Longer than the 8 s statement
   * timeout of user transactions, so a slow statement is ended by the server, not by a cut.
   */
  DATABASE_TIMEOUT_MS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(100).max(600_000).default(10_000)),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PGLITE_DATA_DIR: z.preprocess(emptyAsMissing, z.string().default(".data/pglite")),
  /** Where the local mode keeps uploaded documents; beside the database directory unless set. */
  DOCUMENTS_DIR: optionalString,
  AUTH_SECRET: z.preprocess(emptyAsMissing, z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
  /** Admins by account id; in the Supabase mode also whoever has `app_metadata.role` "admin". */
  ADMIN_USER_IDS: userIdList,
  // Admin rights once followed an email address, which whoever signs up first owns. Refused rather
  // than ignored: an upgrade must neither keep nor silently drop the admins it named.
  ADMIN_EMAILS: z.preprocess(
    emptyAsMissing,
    z.undefined({ error: "is no longer read: an email address is not an admin credential. Name admins by id in ADMIN_USER_IDS (npm run admin -- grant <email> prints the id) and remove ADMIN_EMAILS" }),
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(emptyAsMissing, z.url().optional()),
  OPENAI_MODELS: commaList,
  /** More models the offline provider answers as, besides `offline` (for trying model choice without a provider). */
  OFFLINE_MODELS: commaList,
  CHAT_MAX_OUTPUT_TOKENS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(16).max(32_000).default(1024)),
  /**
   * Tokens a prompt may carry besides the new message: the instructions (at most about 1,050 with
   * the longest custom instructions), the recalled memories (about 700) and as much of the chat's
   * history as fits in the rest. Every turn reserves its budget for this much; the model is sent no more.
   */
  CHAT_CONTEXT_TOKENS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(2_000).max(1_000_000).default(16_000)),
  /** A reply whose model sends nothing for this long (first token included) ends as `error`. */
  CHAT_STREAM_IDLE_TIMEOUT_MS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(100).max(600_000).default(60_000)),
  /** A reply still streaming after this long ends as `error`: under /api/chat's maxDuration (300 s), with time to store it. */
  CHAT_STREAM_DEADLINE_MS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(100).max(3_600_000).default(270_000)),
  OFFLINE_WORD_DELAY_MS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(0).max(1000).default(25)),
  EMBEDDINGS_MODEL: z.preprocess(emptyAsMissing, z.enum(["text-embedding-3-small", "offline-hash"]).optional()),
  JOBS_RETRY_BASE_MS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(3_600_000).default(2000)),
  RATE_LIMIT_API_PER_MINUTE: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(1_000_000).optional()),
  RATE_LIMIT_CHAT_PER_MINUTE: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(1_000_000).optional()),
  /** New accounts per client address and hour. */
  RATE_LIMIT_SIGNUPS_PER_HOUR: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(1_000_000).default(5)),
  /**
   * The CAPTCHA widget on the sign-up and sign-in pages, for Supabase Auth's CAPTCHA protection
   * (which verifies the tokens with the secret key kept in Supabase). Read at run time on the
   * server and handed to the pages, never inlined into a bundle.
   */
  NEXT_PUBLIC_CAPTCHA_PROVIDER: z.preprocess(emptyAsMissing, z.enum(captchaProviders).optional()),
  NEXT_PUBLIC_CAPTCHA_SITE_KEY: z.preprocess(emptyAsMissing, z.string().max(200).optional()),
  /** Monthly chat requests of the free plan: 0 allows none, `unlimited` (null) sets no limit. */
  PLAN_FREE_MONTHLY_REQUESTS: monthlyLimit(z.coerce.number().int().min(0).max(100_000_000)),
  /** The free plan's monthly budget in US dollars, to the micro-dollar: 0 allows nothing, `unlimited` (null) sets no limit. */
  PLAN_FREE_MONTHLY_BUDGET_USD: monthlyLimit(
    z.coerce
      .number()
      .min(0)
      .max(1_000_000)
      .refine((usd) => usd === 0 || usd >= 0.000001, "must be 0 (nothing allowed) or at least one micro-dollar (0.000001); use `unlimited` for no limit"),
  ),
  /**
   * Proxies in front of the app that append the caller's address to X-Forwarded-For: the client's
   * address is the Nth entry from the right. 0 trusts none (a client can write the header itself).
   * Defaults to 1 on Vercel, which overwrites the header with the address it saw, else 0.
   */
  TRUSTED_PROXY_HOPS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(0).max(10).optional()),
  /** Set by Vercel in its builds and functions. */
  VERCEL: optionalString,
  METERING_DISABLED: z.preprocess(emptyAsMissing, z.enum(["0", "1"]).default("0").transform((value) => value === "1")),
  LOG_LEVEL: z.preprocess(
    emptyAsMissing,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  METRICS_TOKEN: optionalString,
  CRON_SECRET: z.preprocess(emptyAsMissing, z.string().min(16, "CRON_SECRET must be at least 16 characters").optional()),
  ALERT_WEBHOOK_URL: z.preprocess(emptyAsMissing, z.url().optional()),
  ALERT_COOLDOWN_MINUTES: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(10_080).default(60)),
  ALERT_DAILY_COST_USD: z.preprocess(emptyAsMissing, z.coerce.number().min(0).max(10_000_000).default(100)),
  ALERT_P95_LATENCY_MS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(10).max(600_000).default(1000)),
  ALERT_MIN_REQUESTS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(1).max(1_000_000).default(20)),
  ALERTS_INTERVAL_MS: z.preprocess(emptyAsMissing, z.coerce.number().int().min(100).max(3_600_000).default(60_000)),
  // A deployment says it may be load-tested (npm run loadtest refuses any other); never set it in production.
  LOADTEST_ALLOWED: z.preprocess(emptyAsMissing, z.enum(["0", "1"]).default("0").transform((value) => value === "1")),
  SENTRY_DSN: z.preprocess(emptyAsMissing, z.url().optional()),
  SENTRY_ENVIRONMENT: optionalString,
  SENTRY_TRACES_SAMPLE_RATE: z.preprocess(emptyAsMissing, z.coerce.number().min(0).max(1).default(0)),
  APP_VERSION: z.preprocess(emptyAsMissing, z.string().default(process.env.npm_package_version ?? "0.0.0")),
})
  .superRefine((config, context) => {
    const given = supabaseVariables.filter((name) => config[name] !== undefined);
    if (given.length === 0 || given.length === supabaseVariables.length) return;
    for (const name of supabaseVariables.filter((name) => config[name] === undefined)) {
      context.addIssue({ code: "custom", path: [name], message: `missing: the Supabase mode needs ${supabaseVariables.join(", ")} (${given.join(", ")} set)` });
    }
  })
  .superRefine((config, context) => {
    const given = captchaVariables.filter((name) => config[name] !== undefined);
    if (given.length === 0) return;
    for (const name of captchaVariables.filter((name) => config[name] === undefined)) {
      context.addIssue({ code: "custom", path: [name], message: `missing: the CAPTCHA widget needs ${captchaVariables.join(" and ")} (${given.join(", ")} set)` });
    }
    if (!config.DATABASE_URL) {
      context.addIssue({
        code: "custom",
        path: [given.at(-1)!],
        message: "CAPTCHA tokens are verified by Supabase Auth, in the Supabase mode only; the local mode has no verifier (it limits sign-ups per address instead): unset the CAPTCHA variables",
      });
    }
  })
  .transform((config) => {
    const derived = {
      TRUSTED_PROXY_HOPS: config.TRUSTED_PROXY_HOPS ?? (config.VERCEL ? 1 : 0),
      captcha:
        config.NEXT_PUBLIC_CAPTCHA_PROVIDER && config.NEXT_PUBLIC_CAPTCHA_SITE_KEY
          ? { provider: config.NEXT_PUBLIC_CAPTCHA_PROVIDER, siteKey: config.NEXT_PUBLIC_CAPTCHA_SITE_KEY }
          : null,
    };
    const { NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, DATABASE_URL } = config;
    // `supabase` when the Supabase project and its database are configured (all three, or the refinement above failed); else the embedded local mode.
    return NEXT_PUBLIC_SUPABASE_URL && NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY && DATABASE_URL
      ? { ...config, ...derived, mode: "supabase" as const, NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, DATABASE_URL }
      : { ...config, ...derived, mode: "local" as const };
  });

/** The configuration, by mode: only the Supabase mode's has the Supabase variables, always. */
export type ServerEnv = z.infer<typeof serverSchema>;
export type LocalEnv = Extract<ServerEnv, { mode: "local" }>;
export type SupabaseEnv = Extract<ServerEnv, { mode: "supabase" }>;

function parseServerEnv(): ServerEnv {
  const result = serverSchema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return result.data;
}

let cached: ServerEnv | undefined;

/** The server's configuration, parsed and validated on first use. */
export function env(): ServerEnv {
  cached ??= parseServerEnv();
  return cached;
}

/** The configuration of the Supabase mode, for code only that mode runs; throws in the local mode. */
export function supabaseEnv(): SupabaseEnv {
  const config = env();
  if (config.mode !== "supabase") throw new Error("Supabase is not configured (local mode)");
  return config;
}

export const isProduction = () => env().NODE_ENV === "production";
