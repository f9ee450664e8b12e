import "server-only";
import OpenAI from "openai";
import { ProviderError, type ChatProvider, type FinishReason, type StreamEvent, type StreamRequest } from "./types";

const finishReasons = new Set<FinishReason>(["stop", "length", "content_filter", "tool_calls"]);

export function createOpenAIProvider({ apiKey, baseURL }: { apiKey?: string; baseURL?: string }): ChatProvider {
  // Local OpenAI-compatible servers (Ollama, vLLM) accept any key; the SDK insists on one.
  const client = new OpenAI({ apiKey: apiKey ?? "not-needed", baseURL, maxRetries: 1, timeout: 60_000 });

  return {
    name: "openai",
    async *stream({ model, messages, temperature, maxOutputTokens, signal }: StreamRequest): AsyncIterable<StreamEvent> {
      let finishReason: FinishReason = "unknown";
      let usage: { inputTokens: number; outputTokens: number } | null = null;
      try {
        const stream = await client.chat.completions.create(
          {
            model,
            messages,
            temperature,
            max_completion_tokens: maxOutputTokens,
            stream: true,
            stream_options: { include_usage: true },
          },
          { signal },
        );
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const text = choice?.delta?.content;
          if (text) yield { type: "delta", text };
          if (choice?.finish_reason) {
            finishReason = finishReasons.has(choice.finish_reason as FinishReason) ? (choice.finish_reason as FinishReason) : "unknown";
          }
          if (chunk.usage) {
            usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
          }
        }
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error;
        if (error instanceof OpenAI.APIError) {
          throw new ProviderError(`upstream ${error.status ?? "connection"} error: ${error.message}`, error.status, { cause: error });
        }
        throw new ProviderError(`upstream stream failed: ${(error as Error).message}`, undefined, { cause: error });
      }
      if (finishReason === "unknown" && usage === null) {
        throw new ProviderError("upstream stream ended without finishing");
      }
      yield { type: "finish", reason: finishReason, usage };
    },
  };
}
