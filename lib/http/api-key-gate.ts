import "server-only";
import { apiKeyProofOf, apiKeyRefusal, credentialCheckOf, verifyApiKeyNow } from "@/lib/auth/api-key-proof";
import { withCredentialCheck } from "@/lib/db/credential-check";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { RouteGroup } from "@/lib/usage/limits";
import { toResponse } from "./responses";

/** Routes a key may never use: its own management, signing out, deleting the account, and every admin route. */
export const refusesApiKeys = (route: string, declared: boolean) => declared || route.startsWith("/api/admin/");

/**
 * The one gate of requests bearing an API key. It fails closed: whatever the route did, its
 * answer is sent only if the key was proved live by a statement of this request. Metered routes
 * prove it in the flight they already send (the admission, or the lead statement of the first user
 * transaction, lib/db/credential-check.ts); others, and routes that refuse keys, with one
 * statement of their own before any work. A handler that opened no transaction has the key
 * checked with its admission afterwards (lib/http/meter.ts). A key refused anywhere answers 401,
 * and one whose check could not run 503, whatever the route did.
 */
export async function guardApiKey(
  request: Request,
  { route, meter, refused }: { route: string; meter?: RouteGroup; refused: boolean },
  requestId: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const proof = apiKeyProofOf(request);
  if (!proof) return run();
  const folded = meter !== undefined && !env().METERING_DISABLED && !refusesApiKeys(route, refused);
  try {
    if (!folded) await verifyApiKeyNow(proof);
  } catch (error) {
    return toResponse(proof.state === "invalid" ? error : apiKeyRefusal(proof), requestId);
  }
  if (refusesApiKeys(route, refused)) {
    return toResponse(new AppError("forbidden", "api key on a route keys may not use", { publicMessage: "An API key cannot be used here." }), requestId);
  }
  const response = await withCredentialCheck(credentialCheckOf(proof), run);
  // Nothing of the request's checked the key (the database did not answer): once more, on its own.
  // Its outcome is in `proof.state`; the error itself changes nothing of the answer below.
  if (proof.state === "unchecked") await verifyApiKeyNow(proof).catch(() => undefined);
  if (proof.state === "valid") return response;
  // The answer is never sent; a body that cannot be cancelled changes nothing of that.
  await response.body?.cancel().catch(() => {});
  return toResponse(apiKeyRefusal(proof), requestId);
}
