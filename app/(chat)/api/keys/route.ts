import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { createPersonalApiKey, listApiKeys } from "@/lib/keys/api-keys";
import { createApiKeySchema } from "./schema";

// A key may neither list nor make keys: one leaked key must not be able to mint more.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/keys", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    return json({ keys: await listApiKeys(user) });
  },
  POST: async (request) => {
    const user = await getCurrentUser(request);
    const { name, expiresAt } = await readJson(request, createApiKeySchema);
    return json(await createPersonalApiKey(user, { name, ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}) }), { status: 201 });
  },
}, { meter: "keys", apiKeys: "refused" });
