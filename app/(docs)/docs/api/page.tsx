import type { Metadata } from "next";
import { apiOperations } from "@/app/(ops)/api/openapi.json/operations";
import { ApiReference } from "@/components/docs/api-reference";
import { env } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";

export const metadata: Metadata = { title: "API reference" };

// The same document GET /api/openapi.json serves, rendered on the server: no script, nothing fetched.
export default function ApiReferencePage() {
  return <ApiReference document={buildOpenApiDocument(apiOperations, { version: env().APP_VERSION })} />;
}
