export type Role = "system" | "user" | "assistant";

export interface PromptMessage {
  role: Role;
  content: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type FinishReason = "stop" | "length" | "content_filter" | "tool_calls" | "unknown";

export type StreamEvent =
  | { type: "delta"; text: string }
  | { type: "finish"; reason: FinishReason; usage: TokenUsage | null };

export interface StreamRequest {
  model: string;
  messages: PromptMessage[];
  temperature?: number;
  maxOutputTokens: number;
  signal: AbortSignal;
  /**
   * Memories already in `messages` (one user-role context message just before the question); the
   * offline model quotes them, real models read the prompt.
   */
  /** Past messages (with their chat's title) and document passages (with the document's name and place). */
  memories?: ({ snippet: string; createdAt: string } & ({ chatTitle: string } | { documentName: string; page: number | null; section: string | null }))[];
}

/** The port every language-model adapter implements. */
export interface ChatProvider {
  readonly name: "openai" | "offline";
  stream(request: StreamRequest): AsyncIterable<StreamEvent>;
}

/** A failure of the model provider; `status` is the upstream HTTP status when there was one. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ProviderError";
  }
}
