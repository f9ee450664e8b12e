import "server-only";

// Chat turns run in route bundles, the worker in the instrumentation bundle: share the count.
const globalKey = Symbol.for("mneme.foreground-work");
type GlobalWithCount = typeof globalThis & { [globalKey]?: number };
const store = globalThis as GlobalWithCount;

/**
 * Marks work a person is waiting for (a reply being prepared or streamed). The background worker
 * shares the request thread and the database with it, so it slows down while any is running.
 * Returns the function that ends the mark; calling it more than once is harmless.
 */
export function beginForegroundWork(): () => void {
  store[globalKey] = (store[globalKey] ?? 0) + 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    store[globalKey] = Math.max(0, (store[globalKey] ?? 1) - 1);
  };
}

export const isForegroundBusy = () => (store[globalKey] ?? 0) > 0;
