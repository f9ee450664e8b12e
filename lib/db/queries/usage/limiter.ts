import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/lib/db/client";
import type { FlightStatement } from "@/lib/db/flight";
import type { ApiKeyCheckInput } from "../api-keys";

export interface AdmitInput {
  userId: string;
  /** The limiter's window key, e.g. `user:<id>:api`. */
  key: string;
  routeGroup: string;
  /** Whose per-minute limit counts: the plan's (or the person's own) `api` or `chat` limit. */
  limiter: "api" | "chat";
  /** The class the request is counted as when it is admitted. */
  statusClass: string;
  /** An API key still to be proved (lib/auth/api-key-proof.ts): admitted only if it is live, else MN401 and nothing counted. */
  apiKey?: ApiKeyCheckInput;
}

/** A row of `private.admit_request` (supabase/migrations/20261205002000_plans.sql). */
export interface AdmitRow {
  allowed: boolean;
  hits: number;
  limit: number;
  windowStart: Date;
  /** The account is suspended: refused before its window was hit. */
  suspended: boolean;
}

/** The SQLSTATE `private.admit_request` raises a refusal with, its detail a JSON AdmitRow. */
export const refusedState = "MN429";
/** The SQLSTATE it raises for a suspended account. */
export const suspendedState = "MN403";

// The casts pick this signature over the jsonb one the release before calls.
const admitText = "select allowed, hits, request_limit, window_start, suspended from private.admit_request($1::uuid, $2::text, $3::text, $4::text, $5::text, $6::boolean)";

/** The admission as a statement to send with the request's transaction: a refusal raises, rolling the work back. */
export function admitStatement(input: AdmitInput): FlightStatement {
  return { text: admitText, params: [input.userId, input.key, input.routeGroup, input.limiter, input.statusClass, true] };
}

export function readAdmitRow(row: Record<string, unknown>): AdmitRow {
  return {
    allowed: row.allowed === true,
    hits: Number(row.hits),
    limit: Number(row.request_limit),
    windowStart: new Date(String(row.window_start)),
    suspended: row.suspended === true,
  };
}

/** Whether `error` is the refusal of a suspended account. */
export const isSuspendedRefusal = (error: unknown) => (error as { code?: unknown } | null)?.code === suspendedState;

/** The refusal `admitStatement` raised, read from its error; null for any other error. */
export function refusalOf(error: unknown): AdmitRow | null {
  const { code, detail } = (error ?? {}) as { code?: unknown; detail?: unknown };
  if (code !== refusedState || typeof detail !== "string") return null;
  const parsed = JSON.parse(detail) as { limit: number; hits: number; windowStart: string };
  return { allowed: false, hits: parsed.hits, limit: parsed.limit, windowStart: new Date(parsed.windowStart), suspended: false };
}

/**
 * The admission on its own, one statement: a refusal is answered (and counted as 4xx), not raised.
 * With `apiKey`, the key's check is part of the statement: if it raises, the hit and the count
 * are undone with it.
 */
export async function admitNow(db: Database | Transaction, input: AdmitInput): Promise<AdmitRow> {
  const keyCheck = input.apiKey ? sql` where private.check_api_key(${input.apiKey.userId}::uuid, ${input.apiKey.secretHash})` : sql``;
  const result = await db.execute(
    sql`select allowed, hits, request_limit, window_start, suspended from private.admit_request(${input.userId}::uuid, ${input.key}::text, ${input.routeGroup}::text, ${input.limiter}::text, ${input.statusClass}::text, false)${keyCheck}`,
  );
  const row = result.rows[0];
  if (!row) throw new Error("admit_request returned no row");
  return readAdmitRow(row);
}

/** Moves one of today's requests of the group from the class it was counted as to the one it was answered with. */
export async function recountRequest(db: Database | Transaction, input: { userId: string; routeGroup: string; from: string; to: string }) {
  await db.execute(sql`select private.recount_request(${input.userId}, ${input.routeGroup}, ${input.from}, ${input.to})`);
}
