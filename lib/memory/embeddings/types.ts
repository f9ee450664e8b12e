export type EmbeddingModelId = "offline-hash" | "text-embedding-3-small";

/** The port every embeddings adapter implements. Vectors come back L2-normalised. */
export interface EmbeddingProvider {
  readonly model: EmbeddingModelId;
  readonly dimensions: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}
