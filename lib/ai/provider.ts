import "server-only";
import { env } from "@/lib/env";
import { isOpenAIConfigured } from "./models";
import { createOfflineProvider } from "./offline";
import { createOpenAIProvider } from "./openai";
import type { ChatProvider } from "./types";

let cached: ChatProvider | undefined;

/** The configured provider: OpenAI (or a compatible server) when configured, else the offline model. */
export function getChatProvider(): ChatProvider {
  cached ??= isOpenAIConfigured()
    ? createOpenAIProvider({ apiKey: env().OPENAI_API_KEY, baseURL: env().OPENAI_BASE_URL })
    : createOfflineProvider({ wordDelayMs: env().OFFLINE_WORD_DELAY_MS });
  return cached;
}
