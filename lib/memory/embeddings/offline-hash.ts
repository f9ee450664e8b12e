import { hashEmbedding, offlineHashDimensions } from "@/supabase/functions/_shared/offline-hash";
import type { EmbeddingProvider } from "./types";

export { hashEmbedding, offlineHashDimensions, wordsOf } from "@/supabase/functions/_shared/offline-hash";

export function createOfflineHashEmbeddings(): EmbeddingProvider {
  return {
    model: "offline-hash",
    dimensions: offlineHashDimensions,
    embed: async (texts) => texts.map((text) => hashEmbedding(text)),
  };
}
