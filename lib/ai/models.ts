import "server-only";
import { env } from "@/lib/env";
import type { ModelInfo } from "@/lib/chat/types";

/**
 * Prices in US dollars per million tokens, from https://openai.com/api/pricing (standard tier,
 * read 2026-11-22). Every cost the app records is computed from this one table.
 */
const openaiModels: ModelInfo[] = [
  { id: "gpt-4.1-mini", label: "GPT-4.1 mini", inputPerMTok: 0.4, outputPerMTok: 1.6 },
  { id: "gpt-4.1", label: "GPT-4.1", inputPerMTok: 2, outputPerMTok: 8 },
  { id: "gpt-4.1-nano", label: "GPT-4.1 nano", inputPerMTok: 0.1, outputPerMTok: 0.4 },
  { id: "gpt-4o-mini", label: "GPT-4o mini", inputPerMTok: 0.15, outputPerMTok: 0.6 },
  { id: "gpt-4o", label: "GPT-4o", inputPerMTok: 2.5, outputPerMTok: 10 },
];

/** Embedding models' prices, US dollars per million input tokens (the same page); offline-hash is free. */
const embeddingPricesPerMTok: Record<string, number> = { "text-embedding-3-small": 0.02, "offline-hash": 0 };

/** Integer micro-dollars for embedding `tokens` with `model`; a model without a price is charged nothing. */
export const embeddingCostMicroUsd = (model: string, tokens: number) => Math.round(tokens * (embeddingPricesPerMTok[model] ?? 0));

export const offlineModel: ModelInfo = { id: "offline", label: "Offline (no model configured)", inputPerMTok: 0, outputPerMTok: 0 };

export const isOpenAIConfigured = () => Boolean(env().OPENAI_API_KEY || env().OPENAI_BASE_URL);

/** The models this deployment offers, default first. */
export function listModels(): ModelInfo[] {
  if (!isOpenAIConfigured()) {
    const more = env().OFFLINE_MODELS.filter((id) => id !== offlineModel.id);
    return [offlineModel, ...more.map((id) => ({ id, label: `Offline (${id})`, inputPerMTok: 0, outputPerMTok: 0 }))];
  }
  const extra = env().OPENAI_MODELS.filter((id) => !openaiModels.some((model) => model.id === id));
  const custom = extra.map((id) => ({ id, label: id, inputPerMTok: 0, outputPerMTok: 0 }));
  return [...custom, ...openaiModels];
}

export const defaultModelId = () => listModels()[0]!.id;

export const findModel = (id: string) => listModels().find((model) => model.id === id);

/** Integer micro-dollars: tokens × dollars-per-million-tokens is already in micro-dollars. */
export function costMicroUsd(model: ModelInfo, usage: { inputTokens: number; outputTokens: number }): number {
  return Math.round(usage.inputTokens * model.inputPerMTok + usage.outputTokens * model.outputPerMTok);
}
