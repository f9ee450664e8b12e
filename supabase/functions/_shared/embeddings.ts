import { hashEmbedding, offlineHashDimensions } from "./offline-hash.ts";

export type EmbeddingModelId = "offline-hash" | "text-embedding-3-small";

/** The same port as the Next app's lib/memory/embeddings: vectors come back L2-normalised. */
export interface EmbeddingProvider {
  readonly model: EmbeddingModelId;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}

export interface EmbeddingConfig {
  /** EMBEDDINGS_MODEL; when unset, OpenAI's model if OPENAI_API_KEY is set, else offline-hash (as the app chooses). */
  model?: string;
  apiKey?: string;
  baseURL?: string;
  timeoutMs?: number;
}

export class EmbeddingError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "EmbeddingError";
  }
}

const openAIDimensions = 1536;

type EmbeddingsResponse = { data?: { index: number; embedding: number[] }[] };

function createOpenAIEmbeddings({ apiKey, baseURL, timeoutMs = 30_000 }: EmbeddingConfig): EmbeddingProvider {
  const url = `${(baseURL ?? "https://api.openai.com/v1").replace(/\/+$/, "")}/embeddings`;
  return {
    model: "text-embedding-3-small",
    dimensions: openAIDimensions,
    async embed(texts) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${apiKey ?? "not-needed"}` },
          body: JSON.stringify({ model: "text-embedding-3-small", input: texts, encoding_format: "float" }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new EmbeddingError(`embeddings request failed: ${(error as Error).message}`);
      }
      if (!response.ok) {
        const detail = await response.text().catch(() => "");
        throw new EmbeddingError(`embeddings request failed: ${response.status} ${detail.slice(0, 300)}`, response.status);
      }
      const body = (await response.json()) as EmbeddingsResponse;
      const data = [...(body.data ?? [])].sort((a, b) => a.index - b.index);
      // A wrong answer must fail the batch (and be retried), not be stored under the wrong model.
      if (data.length !== texts.length || data.some((item) => item.embedding?.length !== openAIDimensions)) {
        throw new EmbeddingError(`embeddings response has ${data.length} vectors for ${texts.length} texts, or not ${openAIDimensions} dimensions`);
      }
      return data.map((item) => item.embedding);
    },
  };
}

function createOfflineHashEmbeddings(): EmbeddingProvider {
  return {
    model: "offline-hash",
    dimensions: offlineHashDimensions,
    embed: (texts) => Promise.resolve(texts.map((text) => hashEmbedding(text))),
  };
}

export function createEmbeddingProvider(config: EmbeddingConfig): EmbeddingProvider {
  const model = config.model || (config.apiKey ? "text-embedding-3-small" : "offline-hash");
  if (model === "text-embedding-3-small") return createOpenAIEmbeddings(config);
  if (model === "offline-hash") return createOfflineHashEmbeddings();
  throw new Error(`EMBEDDINGS_MODEL must be text-embedding-3-small or offline-hash, not ${model}`);
}
