import { z } from "zod";
import { errorCodes } from "@/lib/errors";
import type { ApiOperations, OperationAccess, OperationSpec } from "./types";

type JsonSchema = Record<string, unknown>;

/** The input a route accepts, as JSON Schema 2020-12 (OpenAPI 3.1's own dialect). */
export function inputSchemaOf(schema: z.ZodType): JsonSchema {
  // The document names its dialect once (jsonSchemaDialect), not in every schema.
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** A form of `fields` beside its required `file`. */
function multipartSchemaOf(fields: z.ZodType): JsonSchema {
  const schema = inputSchemaOf(fields);
  const properties = (schema.properties ?? {}) as JsonSchema;
  const required = (schema.required ?? []) as string[];
  return { ...schema, properties: { file: { type: "string", contentMediaType: "application/octet-stream" }, ...properties }, required: ["file", ...required] };
}

const errorCodeList = Object.keys(errorCodes);

/** API.md's error envelope. */
export const errorEnvelopeSchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(errorCodeList as [string, ...string[]]),
    message: z.string(),
    requestId: z.string(),
  }),
});

/** The document's outline, as GET /api/openapi.json answers it (the whole is checked against OpenAPI 3.1 itself in the tests). */
export const openApiDocumentSchema = z.strictObject({
  openapi: z.literal("3.1.0"),
  info: z.strictObject({ title: z.string(), version: z.string(), description: z.string() }),
  jsonSchemaDialect: z.url(),
  tags: z.array(z.strictObject({ name: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.strictObject({ schemas: z.record(z.string(), z.unknown()), responses: z.record(z.string(), z.unknown()), securitySchemes: z.record(z.string(), z.unknown()) }),
});

/** `/api/chats/[id]` as OpenAPI writes it: `/api/chats/{id}`. */
export const openApiPathOf = (route: string) => route.replace(/\[([^\]]+)\]/g, "{$1}");

const securityOf: Record<OperationAccess, Record<string, string[]>[]> = {
  public: [],
  user: [{ sessionCookie: [] }, { sessionToken: [] }, { apiKey: [] }],
  "user, no api key": [{ sessionCookie: [] }, { sessionToken: [] }],
  admin: [{ sessionCookie: [] }, { sessionToken: [] }],
  cron: [{ cronSecret: [] }],
  metrics: [{ metricsToken: [] }],
  "sentry tunnel": [],
};

const statusText: Record<number, string> = Object.fromEntries(
  Object.values(errorCodes).map(({ status }) => [status, Object.entries(errorCodes).filter(([, value]) => value.status === status).map(([code]) => code).join(" or ")]),
);

function errorStatusesOf(spec: OperationSpec): number[] {
  const statuses = new Set<number>(spec.errors ?? []);
  if (spec.body || spec.query) statuses.add(400);
  if (spec.access !== "public" && spec.access !== "sentry tunnel") statuses.add(401);
  if (spec.access === "admin" || spec.access === "user, no api key") statuses.add(403);
  // A cookie write from another site.
  if (spec.access === "user" && spec.body) statuses.add(403);
  if (spec.params) statuses.add(404);
  if (spec.body) [413, 415].forEach((status) => statuses.add(status));
  if (spec.bodyType === "bytes") statuses.add(413);
  if (spec.metered) statuses.add(429);
  [405, 500, 503].forEach((status) => statuses.add(status));
  return [...statuses].sort((a, b) => a - b);
}

function parametersOf(spec: OperationSpec) {
  const parameters: Record<string, unknown>[] = [];
  const add = (where: "path" | "query", schema: z.ZodType) => {
    const json = inputSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      parameters.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: property });
    }
  };
  if (spec.params) add("path", spec.params);
  if (spec.query) add("query", spec.query);
  return parameters;
}

const rateLimitHeaders = {
  "RateLimit-Limit": { schema: { type: "integer" }, description: "Requests allowed in the current window" },
  "RateLimit-Remaining": { schema: { type: "integer" }, description: "Requests left in the current window" },
  "RateLimit-Reset": { schema: { type: "integer" }, description: "Seconds until the window resets" },
};

function operationOf(method: string, route: string, spec: OperationSpec) {
  const success = spec.success;
  const content = success.status === 204 || success.contentType === "none" ? undefined : (success.contentType ?? "application/json");
  const responses: Record<string, unknown> = {
    [success.status]: {
      description: success.description,
      ...(spec.metered ? { headers: rateLimitHeaders } : {}),
      ...(content ? { content: { [content]: success.schema ? { schema: inputSchemaOf(success.schema) } : {} } } : {}),
    },
  };
  for (const status of errorStatusesOf(spec)) responses[status] = { $ref: `#/components/responses/Error${status}` };
  return {
    operationId: `${method.toLowerCase()}${openApiPathOf(route).replace(/[^A-Za-z0-9]+(.)?/g, (_all, next: string | undefined) => (next ?? "").toUpperCase())}`,
    tags: [spec.tag],
    summary: spec.summary,
    security: securityOf[spec.access],
    "x-mneme-access": spec.access,
    ...(parametersOf(spec).length ? { parameters: parametersOf(spec) } : {}),
    ...(spec.body || spec.bodyType === "bytes"
      ? {
          requestBody: {
            required: spec.bodyType !== "bytes",
            content:
              spec.bodyType === "bytes" || !spec.body
                ? { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } }
                : spec.bodyType === "multipart"
                  ? { "multipart/form-data": { schema: multipartSchemaOf(spec.body) } }
                  : { "application/json": { schema: inputSchemaOf(spec.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of `operations`, built from their zod schemas: nothing in it is written by hand but words. */
export function buildOpenApiDocument(operations: ApiOperations, { version }: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [route, methods] of Object.entries(operations).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [method, spec] of Object.entries(methods)) {
      if (spec) (paths[openApiPathOf(route)] ??= {})[method.toLowerCase()] = operationOf(method, route, spec);
    }
  }
  const errorStatuses = [...new Set(Object.values(errorCodes).map(({ status }) => status))].sort((a, b) => a - b);
  return {
    openapi: "3.1.0",
    info: {
      title: "Mneme API",
      version,
      description:
        "The HTTP API of Mneme. Authenticate with the session cookie, the access token that login returns, or a personal API key (`Authorization: Bearer mnk_…`, made in /settings). Another person's resource answers 404, exactly as a missing one does.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: [...new Set(Object.values(operations).flatMap((methods) => Object.values(methods).map((spec) => spec!.tag)))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: inputSchemaOf(errorEnvelopeSchema) },
      responses: Object.fromEntries(
        errorStatuses.map((status) => [
          `Error${status}`,
          {
            description: statusText[status],
            ...(status === 429 || status === 503 ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } } } : {}),
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: "mneme-session", description: "The session cookie set by signup and login (in the Supabase mode, Supabase's `sb-…-auth-token` cookies). Writes must come from the site's own origin." },
        sessionToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "The access token that signup and login return (in the Supabase mode, the Supabase access token)." },
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "mnk_…", description: "A personal API key, made in /settings: metered and limited as its owner's own requests; never admin rights; cannot list or make keys." },
        cronSecret: { type: "http", scheme: "bearer", description: "CRON_SECRET, as Vercel cron sends it." },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN, for Prometheus." },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
