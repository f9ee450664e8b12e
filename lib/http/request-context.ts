import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/** What the request log, the metrics and error reports know about the request being served. */
export interface RequestContext {
  requestId: string;
  /** The route template (`/api/chats/[id]`), never the path: it labels metrics and reports. */
  route: string;
  /** Set once the caller is authenticated. An id only: emails stay out of logs and reports. */
  userId?: string;
  /** `Set-Cookie` values the response must carry (a Supabase session refreshed while authenticating). */
  setCookies?: string[];
}

// One storage per process: route bundles each load their own copy of this module.
const globalKey = Symbol.for("mneme.request-context");
const store = globalThis as typeof globalThis & { [globalKey]?: AsyncLocalStorage<RequestContext> };
const storage = (store[globalKey] ??= new AsyncLocalStorage<RequestContext>());

export function runInRequestContext<T>(context: RequestContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function setRequestUserId(userId: string): void {
  const context = storage.getStore();
  if (context) context.userId = userId;
}

/** Adds cookies to the response of the request being served (the route wrapper writes them). */
export function addResponseCookies(values: string[]): void {
  const context = storage.getStore();
  if (context && values.length > 0) (context.setCookies ??= []).push(...values);
}
