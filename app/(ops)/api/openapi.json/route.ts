import { env } from "@/lib/env";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";
import { apiOperations } from "./operations";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/openapi.json", {
  GET: async () => json(buildOpenApiDocument(apiOperations, { version: env().APP_VERSION })),
});
