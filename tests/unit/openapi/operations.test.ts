import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { apiOperations } from "@/app/(ops)/api/openapi.json/operations";
import { sentryTunnelPath } from "@/lib/monitoring/browser-sentry-types";
import { buildOpenApiDocument, inputSchemaOf, openApiPathOf } from "@/lib/openapi/build-document";
import { operationMethods, type OperationMethod, type OperationSpec } from "@/lib/openapi/types";

const root = path.resolve(import.meta.dirname, "../../..");
// The catch-all answers 404 for API paths no route has: it is no operation of the API.
const notOperations = new Set(["/api/[...path]"]);

function routeFiles(dir = path.join(root, "app")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
}

const routePathConstants: Record<string, string> = { sentryTunnelPath };

interface RouteSource {
  file: string;
  route: string;
  /** Per method, the schema each reader is given, as `import path#name`. */
  methods: Map<OperationMethod, { body?: string; query?: string; params?: string }>;
}

/** What a route file declares, read from its source: its path, its methods, and the schemas each method reads its input with. */
function readRouteSource(file: string): RouteSource {
  const source = readFileSync(file, "utf8");
  const declared = /routeHandlers\(\s*(?:"([^"]+)"|(\w+))/.exec(source);
  if (!declared) throw new Error(`${file}: no routeHandlers(...)`);
  const route = declared[1] ?? routePathConstants[declared[2]!];
  if (!route) throw new Error(`${file}: unknown route path constant ${declared[2]}`);
  const imports = new Map<string, string>();
  for (const [, names, from] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    for (const name of names!.split(",").map((part) => part.trim()).filter(Boolean)) {
      const [imported, local = imported] = name.split(/\s+as\s+/);
      imports.set(local!, `${from}#${imported}`);
    }
  }
  const resolve = (name: string) => {
    const where = imports.get(name);
    if (!where) throw new Error(`${file}: ${name} is not imported`);
    const [from, imported] = where.split("#");
    const absolute = from!.startsWith(".") ? path.resolve(path.dirname(file), from!) : path.join(root, from!.replace(/^@\//, ""));
    return `${absolute}#${imported}`;
  };
  const methods = new Map<OperationMethod, { body?: string; query?: string; params?: string }>();
  const chunks = source.split(/^ {2}(GET|POST|PUT|PATCH|DELETE):/m);
  for (let index = 1; index < chunks.length; index += 2) {
    const method = chunks[index] as OperationMethod;
    const body = chunks[index + 1]!;
    const reads: { body?: string; query?: string; params?: string } = {};
    // A multipart route reads its form's fields with their schema's safeParse.
    const json = /readJson\(\s*request,\s*(\w+)/.exec(body)?.[1] ?? (/readMultipart\(/.test(body) ? /(\w+)\.safeParse\(/.exec(body)?.[1] : undefined);
    const query = /readQuery\(\s*request,\s*(\w+)/.exec(body)?.[1];
    const params = /readParams\(\s*params,\s*(\w+)/.exec(body)?.[1];
    if (json) reads.body = resolve(json);
    if (query) reads.query = resolve(query);
    if (params) reads.params = resolve(params);
    methods.set(method, reads);
  }
  return { file: path.relative(root, file), route, methods };
}

async function schemaAt(reference: string): Promise<z.ZodType> {
  const [file, name] = reference.split("#");
  const exported = (await import(/* @vite-ignore */ file!)) as Record<string, z.ZodType>;
  const schema = exported[name!];
  if (!schema) throw new Error(`${reference} is not exported`);
  return schema;
}

const routes = routeFiles().map(readRouteSource).filter((route) => !notOperations.has(route.route));
const document = buildOpenApiDocument(apiOperations, { version: "test" });

describe("the OpenAPI document", () => {
  it("describes every route file and method, and names none that does not exist", () => {
    const fromFiles = routes.flatMap((route) => [...route.methods.keys()].map((method) => `${method} ${route.route}`)).sort();
    const described = Object.entries(apiOperations).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method} ${route}`)).sort();
    expect(described).toEqual(fromFiles);
    const inDocument = Object.entries(document.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`)).sort();
    expect(inDocument).toEqual(fromFiles.map((entry) => { const [method, route] = entry.split(" "); return `${method} ${openApiPathOf(route!)}`; }).sort());
  });

  it("gives each operation the very schemas its route reads its body, query and params with", async () => {
    for (const route of routes) {
      for (const [method, reads] of route.methods) {
        const spec = apiOperations[route.route]?.[method] as OperationSpec;
        for (const part of ["body", "query", "params"] as const) {
          const where = `${method} ${route.route} ${part}`;
          const used = reads[part];
          if (!used) {
            expect(spec[part], `${where}: the route reads none`).toBeUndefined();
            continue;
          }
          expect(spec[part], `${where}: the document has none, the route reads ${used}`).toBeDefined();
          expect(spec[part] === (await schemaAt(used)), `${where}: the document's schema is not the route's ${used}`).toBe(true);
        }
      }
    }
  });

  it("writes each operation's input as the JSON Schema of the route's own zod schema", () => {
    for (const [route, methods] of Object.entries(apiOperations)) {
      for (const method of operationMethods) {
        const spec = methods[method];
        if (!spec) continue;
        const operation = (document.paths as Record<string, Record<string, Record<string, unknown>>>)[openApiPathOf(route)]![method.toLowerCase()]!;
        const body = (operation.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)?.content?.["application/json"]?.schema;
        expect(body, `${method} ${route}`).toEqual(spec.body && (spec.bodyType ?? "json") === "json" ? inputSchemaOf(spec.body) : undefined);
        const pathParameters = ((operation.parameters ?? []) as { in: string; name: string }[]).filter((parameter) => parameter.in === "path").map((parameter) => parameter.name).sort();
        expect(pathParameters, `${method} ${route}`).toEqual([...route.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]).sort());
      }
    }
  });

  it("gives every JSON success a schema of its body (the route and fuzz suites hold each answer to it)", () => {
    for (const [route, methods] of Object.entries(apiOperations)) {
      for (const [method, spec] of Object.entries(methods)) {
        const { status, contentType = "application/json", schema } = spec!.success;
        const answersJson = status < 300 && status !== 204 && contentType === "application/json";
        expect(Boolean(schema), `${method} ${route} answers ${answersJson ? "JSON with no schema" : "no JSON, yet has a schema"}`).toBe(answersJson);
        if (!schema) continue;
        const operation = (document.paths as Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>)[openApiPathOf(route)]![method.toLowerCase()]!;
        expect(operation.responses[status]!.content["application/json"]!.schema, `${method} ${route}`).toEqual(inputSchemaOf(schema));
      }
    }
  });

  it("refuses unknown fields on API key creation and bounds the name, as the route does", () => {
    const body = (document.paths["/api/keys"] as Record<string, { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } }>).post!.requestBody.content["application/json"]!.schema;
    expect(body).toMatchObject({ type: "object", additionalProperties: false, required: ["name"], properties: { name: { maxLength: 100, minLength: 1 }, expiresAt: { format: "date-time" } } });
  });

  it("is a valid OpenAPI 3.1 document, with the three ways in as security schemes", async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify("errors" in result ? result.errors : [], null, 2)).toBe(true);
    expect(Object.keys(document.components.securitySchemes)).toEqual(expect.arrayContaining(["sessionCookie", "sessionToken", "apiKey"]));
    expect((document.paths["/api/chats"] as Record<string, { security: unknown[] }>).get!.security).toEqual([{ sessionCookie: [] }, { sessionToken: [] }, { apiKey: [] }]);
    expect((document.paths["/api/admin/overview"] as Record<string, { security: unknown[] }>).get!.security).not.toContainEqual({ apiKey: [] });
  });
});
