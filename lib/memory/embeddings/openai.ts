import "server-only";
import OpenAI from "openai";
import { ProviderError } from "@/lib/ai/types";
import type { EmbeddingProvider } from "./types";

export function createOpenAIEmbeddings({ apiKey, baseURL }: { apiKey?: string; baseURL?: string }): EmbeddingProvider {
  const client = new OpenAI({ apiKey: apiKey ?? "not-needed", baseURL, maxRetries: 0, timeout: 30_000 });
  return {
    model: "text-embedding-3-small",
    dimensions: 1536,
    async embed(texts, signal) {
      try {
        const response = await client.embeddings.create({ model: "text-embedding-3-small", input: texts, encoding_format: "float" }, { signal });
        return [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      } catch (error) {
        const status = error instanceof OpenAI.APIError ? error.status : undefined;
        throw new ProviderError(`embeddings request failed: ${(error as Error).message}`, status, { cause: error });
      }
    },
  };
}
