import { logIn } from "@/lib/auth/log-in";
import { sessionResponse } from "@/lib/auth/session-response";
import { readJson } from "@/lib/http/body";
import { clientAddressOf } from "@/lib/http/client-address";
import { routeHandlers } from "@/lib/http/handler";
import { credentialsSchema } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/auth/login", {
  POST: async (request) => {
    const credentials = await readJson(request, credentialsSchema);
    return sessionResponse(await logIn(request, { ...credentials, clientAddress: clientAddressOf(request) }), 200);
  },
});
