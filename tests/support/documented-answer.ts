import { apiOperations } from "@/app/(ops)/api/openapi.json/operations";
import type { OperationMethod, OperationSpec } from "@/lib/openapi/types";

// The API's OpenAPI document says what each operation answers when it works; every test that calls
// the API through the route client or the fuzzer holds the answers it gets to that word.

const templates = Object.keys(apiOperations).map((route) => {
  const segments = route.split("/");
  const pattern = segments.map((segment) => (/^\[.+\]$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|\\]/g, "\\$&"))).join("/");
  return { route, pattern: new RegExp(`^${pattern}$`), dynamic: segments.filter((segment) => segment.startsWith("[")).length };
});

/** The operation a request reached (a literal segment wins over a dynamic one), or undefined. */
export function operationAt(method: string, pathname: string): OperationSpec | undefined {
  const path = pathname.split("?")[0]!;
  const matches = templates.filter(({ pattern }) => pattern.test(path)).sort((a, b) => a.dynamic - b.dynamic);
  return matches.length ? apiOperations[matches[0]!.route]![method as OperationMethod] : undefined;
}

/**
 * Throws when a successful JSON answer is not what the document says: another status than the
 * documented one, or a body its schema refuses (the schemas are strict: no field goes undocumented).
 */
export function checkDocumentedAnswer(method: string, pathname: string, status: number, contentType: string | null, text: string): void {
  if (status < 200 || status >= 300 || !contentType?.startsWith("application/json")) return;
  const operation = operationAt(method, pathname);
  if (!operation) return;
  const where = `${method} ${pathname.split("?")[0]}`;
  if (status !== operation.success.status) throw new Error(`${where} answered ${status}; the OpenAPI document says ${operation.success.status}`);
  if (!operation.success.schema) throw new Error(`${where} answers JSON the OpenAPI document gives no schema for`);
  const parsed = operation.success.schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${where}: the answer is not what the OpenAPI document says: ${parsed.error.message}\n${text.slice(0, 1500)}`);
}
