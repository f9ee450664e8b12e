import "server-only";
import { AppError } from "@/lib/errors";
import type { RouteGroup } from "@/lib/usage/limits";
import { logger } from "@/lib/monitoring/logger";
import { recordRequest } from "@/lib/monitoring/metrics";
import { addRequestStat } from "@/lib/monitoring/request-stats";
import { guardApiKey } from "./api-key-gate";
import { meterRequest } from "./meter";
import { runInRequestContext, type RequestContext } from "./request-context";
import { requestIdFrom } from "./request-id";
import { toResponse } from "./responses";

export interface RouteContext {
  requestId: string;
  params: Record<string, string | string[] | undefined>;
}

type Handler = (request: Request, context: RouteContext) => Promise<Response>;
type NextHandler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type HttpMethod = (typeof httpMethods)[number];

/**
 * Wraps a handler with what every route shares: the request id (echoed in `X-Request-Id`), the
 * one error mapper, the request log line and the request metrics.
 */
function wrap(route: string, handler: Handler, meter?: RouteGroup, refusesApiKeys = false): NextHandler {
  return async (request, nextContext) => {
    const requestId = requestIdFrom(request.headers);
    const started = performance.now();
    const context: RequestContext = { requestId, route };
    const run = async () => {
      try {
        return await handler(request, { requestId, params: (await nextContext?.params) ?? {} });
      } catch (error) {
        return toResponse(error, requestId);
      }
    };
    const serve = () => (meter ? meterRequest(request, meter, requestId, run) : run());
    const response = await runInRequestContext(context, () => guardApiKey(request, { route, meter, refused: refusesApiKeys }, requestId, serve));
    response.headers.set("x-request-id", requestId);
    for (const cookie of context.setCookies ?? []) response.headers.append("set-cookie", cookie);
    const seconds = (performance.now() - started) / 1000;
    logger.info(
      { requestId, userId: context.userId, method: request.method, route, status: response.status, ms: Math.round(seconds * 10_000) / 10 },
      "request",
    );
    recordRequest({ route, method: request.method, status: response.status, seconds });
    // The rollup behind the admin overview and the alert rules is of API requests: the Sentry
    // tunnel's 5xx mean Sentry's ingest is unreachable, not that our API failed someone.
    if (route.startsWith("/api/")) addRequestStat({ route, status: response.status, ms: seconds * 1000 });
    return response;
  };
}

/**
 * Declares a route's handlers by method. Methods not given answer 405 in the JSON error shape
 * with an `Allow` header, instead of Next's empty 405; OPTIONS answers 204 with the same `Allow`
 * (Next's own would list every exported method, and carry no request id). `meter` names the route
 * group of a metered route (API.md): per-minute limits, the usage counter and the `RateLimit-*` headers.
 * `apiKeys: "refused"` answers 403 to a (live) API key instead of running the handler.
 *
 *     export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/chats", { GET: list, POST: create });
 */
export function routeHandlers(
  route: string,
  handlers: Partial<Record<HttpMethod, Handler>>,
  options: { meter?: RouteGroup; apiKeys?: "refused" } = {},
): Record<HttpMethod | "OPTIONS", NextHandler> {
  const allow = httpMethods.filter((method) => handlers[method]).join(", ");
  const notAllowed: Handler = async (_request, { requestId }) => {
    const response = toResponse(new AppError("method_not_allowed"), requestId);
    response.headers.set("allow", allow);
    return response;
  };
  const describe: Handler = async () => new Response(null, { status: 204, headers: { allow } });
  return {
    ...Object.fromEntries(
      httpMethods.map((method) => [
        method,
        wrap(route, handlers[method] ?? notAllowed, handlers[method] ? options.meter : undefined, options.apiKeys === "refused" && Boolean(handlers[method])),
      ]),
    ),
    OPTIONS: wrap(route, describe),
  } as Record<HttpMethod | "OPTIONS", NextHandler>;
}
