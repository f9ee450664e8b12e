import type { z } from "zod";

export const operationMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type OperationMethod = (typeof operationMethods)[number];

/**
 * Who may call an operation: anyone; a person (session cookie, bearer session token, or API key);
 * a person but not by API key; an admin (never by key); the scheduler, Prometheus or the browser's
 * Sentry SDK by their own means.
 */
export type OperationAccess = "public" | "user" | "user, no api key" | "admin" | "cron" | "metrics" | "sentry tunnel";

/** What a route answers when it works. Bodies are described by a schema where the route has one. */
export interface OperationSuccess {
  status: number;
  description: string;
  /** `none`: an empty body whatever the status (a 204 is always empty). */
  contentType?: "application/json" | "text/event-stream" | "text/csv" | "text/plain" | "application/octet-stream" | "none";
  schema?: z.ZodType;
}

/**
 * One operation of the API, given the very zod schemas its route reads its input with
 * (tests/unit/openapi checks that they are the same objects).
 */
export interface OperationSpec {
  tag: string;
  summary: string;
  access: OperationAccess;
  /** A metered route: `RateLimit-*` headers, and 429 when over the limit. */
  metered?: boolean;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * How the body travels: JSON (the default), bytes passed on as they are (no schema), or a
   * multipart form whose `file` field carries the bytes and `body` describes the other fields.
   */
  bodyType?: "json" | "bytes" | "multipart";
  success: OperationSuccess;
  /** Error statuses beyond those every operation of its kind can answer. */
  errors?: number[];
}

/** Every operation, by route template as the route declares it (`/api/chats/[id]`) and method. */
export type ApiOperations = Record<string, Partial<Record<OperationMethod, OperationSpec>>>;
