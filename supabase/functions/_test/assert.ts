// The few assertions the functions' tests need. `node:assert` would pull in @types/node and
// jsr:@std/assert would be downloaded; tests here must run with nothing fetched.

export class AssertionError extends Error {
  override name = "AssertionError";
}

const show = (value: unknown) => Deno.inspect(value, { depth: 6, iterableLimit: 50 });

export function assert(condition: unknown, message = "expected a truthy value"): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Deep equality of plain data (JSON-like values). */
export function assertEquals(actual: unknown, expected: unknown, message?: string): void {
  if (JSON.stringify(canonical(actual)) !== JSON.stringify(canonical(expected))) {
    throw new AssertionError(`${message ? `${message}: ` : ""}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(actual)) throw new AssertionError(`${message ? `${message}: ` : ""}${show(actual)} does not match ${pattern}`);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, canonical(item)]));
  }
  return value === undefined ? "<undefined>" : value;
}
