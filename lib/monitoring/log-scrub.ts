import "server-only";
import pino from "pino";
import { scrubText, scrubValues } from "./sentry-scrub";

/**
 * Fields of database errors that quote what was written: drizzle's bound parameters, and the row
 * or input Postgres echoes back (`detail`: "Failing row contains (…)", "Key (email)=(…)").
 */
const valueFields = ["params", "parameters", "detail", "where", "internalQuery", "internal_query"];

/** Drizzle's `Failed query: …\nparams: …` texts of the error and its causes, exactly as they appear. */
function paramTexts(error: Error): string[] {
  const texts: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth += 1) {
    const params = (current as { params?: unknown }).params;
    if (Array.isArray(params) && params.length > 0) texts.push(`params: ${params}`);
  }
  return texts;
}

function scrubErrorText(text: string, exact: string[]): string {
  let scrubbed = text;
  for (const params of exact) scrubbed = scrubbed.replaceAll(params, "params: [redacted]");
  // Parameters of an error that is not drizzle's own (re-wrapped): up to the stack frames.
  scrubbed = scrubbed.replace(/\nparams: (?!\[redacted\])[\s\S]*?(?=\n\s+at |\ncaused by: |$)/g, "\nparams: [redacted]");
  return scrubValues(scrubbed);
}

/**
 * The logger's `err` serializer: pino's own, without what a database error quotes of the data
 * (message text, emails) in its message, stack or fields. A string (an error's message) is
 * scrubbed as Sentry's texts are.
 */
export function serializeErrorForLog(value: unknown): unknown {
  if (typeof value === "string") return scrubText(value);
  if (!(value instanceof Error)) return value;
  const exact = paramTexts(value);
  const serialized: Record<string, unknown> = { ...pino.stdSerializers.err(value) };
  for (const field of valueFields) delete serialized[field];
  for (const field of ["message", "stack"] as const) {
    const text = serialized[field];
    if (typeof text === "string") serialized[field] = scrubErrorText(text, exact);
  }
  return serialized;
}

/** Log messages are strings that may be an error's message (toResponse logs it): scrubbed the same way. */
export function scrubLogArguments<T extends unknown[]>(args: T): T {
  return args.map((arg) => (typeof arg === "string" ? scrubText(arg) : arg)) as T;
}
