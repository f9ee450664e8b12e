import type { Breadcrumb, Event, NodeOptions } from "@sentry/nextjs";

type StreamedSpan = Parameters<NonNullable<NodeOptions["beforeSendSpan"]>>[0];

// Shared by the server and the browser Sentry set-ups: nothing here may import server code.

const emailPattern = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const bearerPattern = /\bBearer\s+\S+/gi;
const jwtPattern = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;

// Postgres quotes the value it could not read: `invalid input syntax for type uuid: "…"`.
const invalidInputPattern = /(invalid input (?:syntax|value) for [\w ]+?: )"[^"\n]*"/g;

/** Strips the values a text may quote: emails, tokens, and the input Postgres could not read. */
export function scrubValues(text: string): string {
  return text
    .replace(emailPattern, "[email]")
    .replace(bearerPattern, "Bearer [redacted]")
    .replace(jwtPattern, "[token]")
    .replace(invalidInputPattern, '$1"[redacted]"');
}

/** Strips what an error message may carry: bound query parameters (message text), emails, tokens. */
export function scrubText(text: string): string {
  return scrubValues(text.replace(/\bparams:[\s\S]*$/, "params: [redacted]"));
}

/** A URL without its query string or fragment, which can carry search text and tokens. */
export function scrubUrl(url: string): string {
  return url.split(/[?#]/)[0]!;
}

const sensitiveKey = /query|body|data|prompt|completion|message|content|cookie|authorization|header|token|email|password|input|output/i;

function scrubAttributes<T extends Record<string, unknown>>(data: T | undefined): T | undefined {
  if (!data) return data;
  return Object.fromEntries(
    Object.entries(data).flatMap(([key, value]) => {
      if (/url|target|route|^(from|to)$/i.test(key) && typeof value === "string") return [[key, scrubUrl(value)]];
      if (sensitiveKey.test(key) && key !== "http.request.method") return [];
      if (typeof value !== "string") return [[key, value]];
      // Whatever the key, a value that is a URL or a path loses its query string (navigation crumbs: `from`, `to`).
      return [[key, scrubText(/^(https?:\/\/|\/)/i.test(value) ? scrubUrl(value) : value)]];
    }),
  ) as T;
}

/**
 * Whatever the SDK gathered, an event leaves with: the request's method and path only, the user's
 * id only, scrubbed exception messages and breadcrumbs, and span data without bodies, queries or headers.
 */
export function scrubEvent<E extends Event>(event: E): E {
  if (event.request) event.request = { method: event.request.method, url: event.request.url && scrubUrl(event.request.url) };
  if (event.user) event.user = event.user.id === undefined ? {} : { id: event.user.id };
  if (event.message) event.message = scrubText(event.message);
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = scrubText(exception.value);
    for (const frame of exception.stacktrace?.frames ?? []) delete frame.vars;
  }
  delete event.extra;
  if (event.breadcrumbs) event.breadcrumbs = event.breadcrumbs.flatMap((crumb) => scrubBreadcrumb(crumb) ?? []);
  const trace = event.contexts?.trace;
  if (trace?.data) trace.data = scrubAttributes(trace.data);
  for (const span of event.spans ?? []) {
    span.data = scrubAttributes(span.data) ?? {};
    if (span.description) span.description = scrubUrl(scrubText(span.description));
  }
  if (event.transaction) event.transaction = scrubUrl(event.transaction);
  return event;
}

/** Console lines can echo anything (message text included): they are dropped, the rest keep no payloads. */
export function scrubBreadcrumb(crumb: Breadcrumb): Breadcrumb | null {
  if (crumb.category === "console") return null;
  return { ...crumb, message: crumb.message && scrubUrl(scrubText(crumb.message)), data: scrubAttributes(crumb.data) };
}

/** Spans (v11 streams them one by one): the name without a query string, attributes without payloads. */
export function scrubSpan(span: StreamedSpan): StreamedSpan {
  return { ...span, name: scrubUrl(scrubText(span.name)), attributes: scrubAttributes(span.attributes) ?? {} };
}
