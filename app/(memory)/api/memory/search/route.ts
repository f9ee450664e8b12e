import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { searchAllMemory } from "@/lib/memory/search";
import { memorySearchSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/memory/search", {
  POST: async (request) => {
    const user = await getCurrentUser(request);
    const { query, limit, sources } = await readJson(request, memorySearchSchema);
    return json({ results: await searchAllMemory(user, { query, limit, sources }) });
  },
}, { meter: "memory" });
