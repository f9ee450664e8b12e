import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { estimateTokens } from "./tokens";
import type { ChatProvider, PromptMessage, StreamEvent, StreamRequest } from "./types";

const quoteLimit = 280;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= quoteLimit ? flat : `${flat.slice(0, quoteLimit).replace(/\s+\S*$/, "")}…`;
}

type Memory = NonNullable<StreamRequest["memories"]>[number];

const counted = (count: number, one: string, many: string) => (count === 0 ? "" : count === 1 ? `one ${one}` : `${count} ${many}`);

function sourceOf(memory: Memory): string {
  if ("chatTitle" in memory) return `“${memory.chatTitle}”, ${memory.createdAt.slice(0, 10)}`;
  return `${memory.documentName}${memory.page !== null ? `, page ${memory.page}` : memory.section ? `, “${memory.section}”` : ""}`;
}

function quoteMemories(memories: Memory[]): string[] {
  if (memories.length === 0) return [];
  const messages = memories.filter((memory) => "chatTitle" in memory).length;
  const what = [counted(messages, "earlier message", "earlier messages"), counted(memories.length - messages, "passage of your documents", "passages of your documents")]
    .filter(Boolean)
    .join(" and ");
  return [
    "",
    `From your memory, ${what} ${memories.length === 1 ? "seems" : "seem"} related:`,
    "",
    ...memories.map((memory) => `> ${quote(memory.snippet)}\n> — ${sourceOf(memory)}\n`),
  ];
}

/** The deterministic reply: honest about being offline, and long enough to exercise streaming and stop. */
export function composeOfflineReply(messages: PromptMessage[], memories: Memory[] = []): string {
  const question = [...messages].reverse().find((message) => message.role === "user")?.content ?? "";
  // The memories' context message is not a turn of the person's.
  const earlierTurns = messages.filter((message) => message.role === "user").length - 1 - (memories.length > 0 ? 1 : 0);
  return [
    "I'm the **offline model**: no language model is configured for this server, so I can't reason about your message. I can still show you that the whole chat works.",
    "",
    `You asked: “${quote(question)}”`,
    "",
    earlierTurns > 0
      ? `This chat has ${earlierTurns} earlier message${earlierTurns === 1 ? "" : "s"} from you, and they are part of my context.`
      : "This is the first message of this chat.",
    ...quoteMemories(memories),
    "",
    "To get real answers, set `OPENAI_API_KEY` (or `OPENAI_BASE_URL` for an OpenAI-compatible server such as Ollama) and restart.",
  ].join("\n");
}

export function createOfflineProvider({ wordDelayMs }: { wordDelayMs: number }): ChatProvider {
  return {
    name: "offline",
    async *stream({ messages, memories, signal }: StreamRequest): AsyncIterable<StreamEvent> {
      const reply = composeOfflineReply(messages, memories);
      // Words with their trailing whitespace, so the streamed text joins back to the reply exactly.
      for (const word of reply.match(/\S+\s*/g) ?? []) {
        if (wordDelayMs > 0) await sleep(wordDelayMs, undefined, { signal });
        signal.throwIfAborted();
        yield { type: "delta", text: word };
      }
      const inputTokens = messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
      yield { type: "finish", reason: "stop", usage: { inputTokens, outputTokens: estimateTokens(reply) } };
    },
  };
}
