import { createParser } from "eventsource-parser";
import { expect } from "vitest";
import { checkDocumentedAnswer } from "./documented-answer";

export interface Person {
  name: string;
  email: string;
  password: string;
  id: string;
  accessToken: string;
  cookie: string;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Raw body, sent as is (for malformed-input tests). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Authenticate with the session cookie (default), the bearer token, or not at all. */
  as?: Person | null;
  via?: "cookie" | "bearer";
}

/** A tiny HTTP client for route tests: JSON in, status and parsed JSON out. */
export function createClient(baseUrl: string) {
  async function call(pathname: string, { method = "GET", body, rawBody, headers = {}, as = null, via = "cookie" }: CallOptions = {}) {
    const allHeaders: Record<string, string> = { ...headers };
    if (body !== undefined) allHeaders["content-type"] ??= "application/json";
    if (as && via === "cookie") allHeaders.cookie = as.cookie;
    if (as && via === "bearer") allHeaders.authorization = `Bearer ${as.accessToken}`;
    const response = await fetch(`${baseUrl}${pathname}`, {
      method,
      headers: allHeaders,
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      redirect: "manual",
    });
    const text = await response.text();
    const isJson = response.headers.get("content-type")?.includes("application/json");
    checkDocumentedAnswer(method, pathname, response.status, response.headers.get("content-type"), text);
    return { status: response.status, headers: response.headers, text, json: isJson && text ? JSON.parse(text) : null };
  }

  async function signUp(name: string): Promise<Person> {
    const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = `${name}-password-123`;
    const response = await call("/api/auth/signup", { method: "POST", body: { email, password } });
    expect(response.status).toBe(201);
    // Every cookie the answer set: Supabase's session may come in several chunks.
    const cookie = response.headers
      .getSetCookie()
      .map((value) => value.split(";")[0])
      .join("; ");
    if (!cookie) throw new Error("signup set no cookie");
    return { name, email, password, id: response.json.user.id, accessToken: response.json.accessToken, cookie };
  }

  return { call, signUp };
}

/** Asserts the error shape of API.md and returns its code. */
export function expectError(response: { status: number; json: unknown; headers: Headers }, status: number, code: string) {
  expect({ status: response.status, body: response.json }).toEqual({
    status,
    body: { error: { code, message: expect.any(String), requestId: expect.any(String) } },
  });
  expect(response.headers.get("x-request-id")).toBe((response.json as { error: { requestId: string } }).error.requestId);
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Parses a complete text/event-stream body. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent: (message) => events.push({ event: message.event ?? "message", data: JSON.parse(message.data) as Record<string, unknown> }),
  });
  parser.feed(text);
  return events;
}
