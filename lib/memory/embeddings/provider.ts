import "server-only";
import { env } from "@/lib/env";
import { createOfflineHashEmbeddings } from "./offline-hash";
import { createOpenAIEmbeddings } from "./openai";
import type { EmbeddingProvider } from "./types";

let cached: EmbeddingProvider | undefined;

/**
 * OpenAI's text-embedding-3-small when an OpenAI key is set, else offline-hash; EMBEDDINGS_MODEL
 * overrides (OpenAI-compatible servers such as Ollama rarely serve OpenAI's embedding model).
 */
export function getEmbeddingProvider(): EmbeddingProvider {
  if (cached) return cached;
  const model = env().EMBEDDINGS_MODEL ?? (env().OPENAI_API_KEY ? "text-embedding-3-small" : "offline-hash");
  cached =
    model === "text-embedding-3-small"
      ? createOpenAIEmbeddings({ apiKey: env().OPENAI_API_KEY, baseURL: env().OPENAI_BASE_URL })
      : createOfflineHashEmbeddings();
  return cached;
}

export { toVectorLiteral } from "@/supabase/functions/_shared/embed-message-jobs";
