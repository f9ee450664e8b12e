import { readParams } from "@/lib/http/body";
import { clientAddressOf } from "@/lib/http/client-address";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { readSharedSnapshot } from "@/lib/share/shared-snapshot";
import { shareTokenParamsSchema } from "../../shares/schema";

// Public: a link works signed out. Limited per client address instead of per user (lib/share).
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/share/[token]", {
  GET: async (request, { params }) => {
    const { token } = readParams(params, shareTokenParamsSchema);
    return json(await readSharedSnapshot(token, { clientAddress: clientAddressOf(request) }));
  },
});
