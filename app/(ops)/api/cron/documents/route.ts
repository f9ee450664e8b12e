import { indexQueuedDocuments } from "@/lib/documents/index-documents";
import { assertCronCaller } from "@/lib/http/cron-access";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";

// A Vercel function may run this long (vercel.json's cron calls it each minute); the indexing stops
// taking documents well before.
export const maxDuration = 60;

// The Supabase mode's document indexing (the local worker indexes in the local mode).
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/cron/documents", {
  GET: async (request) => {
    assertCronCaller(request);
    return json(await indexQueuedDocuments({ budgetMs: 45_000 }));
  },
});
