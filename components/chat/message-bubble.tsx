"use client";

import { memo } from "react";
import { CircleExclamationPoint, RotateCw } from "lucide-react";
import type { MessageRole, MessageStatus } from "@/lib/chat/types";
import type { Vote } from "@/lib/feedback/types";
import type { UsedMemory } from "@/lib/memory/types";
import { cn } from "@/lib/client/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { IconButton } from "@/components/ui/icon-button";
import { Markdown } from "./markdown";
import { MemoriesUsed } from "./memories-used";
import { MessageVote } from "./message-vote";

const replyErrorText: Record<string, string> = {
  interrupted: "The reply was interrupted before it finished.",
  upstream: "The model provider could not complete the reply.",
};

interface MessageBubbleProps {
  id: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  errorCode?: string;
  /** The API's own explanation, when this browser saw the failure happen. */
  errorMessage?: string;
  /** Set on the latest reply when a new one may replace it. */
  onRetry?: (messageId: string) => void;
  /** Memories from other chats the reply was given. */
  memories?: UsedMemory[];
  /** The message the address links to (`?m=`): focusable, so the page can move focus to it. */
  isLinkTarget?: boolean;
  /** Ringed for a moment after the page jumped to it. */
  isHighlighted?: boolean;
  /** Stored replies can be voted on; a reply still shown from the live stream cannot yet. */
  canVote?: boolean;
  vote?: Vote;
}

function RetryButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="inline-flex items-center gap-1.5 rounded-md border border-line bg-page px-2.5 py-1 text-xs font-medium text-text hover:bg-raised"
    >
      <RotateCw className="size-3.5" aria-hidden />
      Retry
    </button>
  );
}

type LinkTargetProps = Pick<MessageBubbleProps, "id" | "isLinkTarget" | "isHighlighted">;

/** Lets the page find a message by id, focus it and ring it when a memory link points at it. */
function linkTargetAttributes({ id, isLinkTarget, isHighlighted }: LinkTargetProps) {
  return {
    "data-message-id": id,
    "data-highlighted": isHighlighted || undefined,
    tabIndex: isLinkTarget ? -1 : undefined,
  };
}

// Only script focuses a message (after a jump to it); the ring marks it instead of an outline.
const linkTargetClassName = cn(
  "scroll-my-6 rounded-2xl outline-none transition-shadow duration-1000",
  "data-highlighted:ring-2 data-highlighted:ring-ring data-highlighted:ring-offset-4 data-highlighted:ring-offset-page",
);

function ThinkingIndicator() {
  return (
    <span className="inline-flex items-center gap-1 py-2">
      <span className="sr-only">Thinking…</span>
      {[0, 150, 300].map((delay) => (
        <span key={delay} aria-hidden className="size-1.5 animate-pulse rounded-full bg-text-muted" style={{ animationDelay: `${delay}ms` }} />
      ))}
    </span>
  );
}

function AssistantMessage(props: MessageBubbleProps) {
  const { id, content, status, errorCode, errorMessage, onRetry, canVote, vote, memories } = props;
  const retry = onRetry && (() => onRetry(id));
  return (
    <div
      data-testid="message"
      data-role="assistant"
      data-status={status}
      {...linkTargetAttributes(props)}
      className={cn("flex flex-col gap-2", linkTargetClassName)}
    >
      {content ? <Markdown text={content} /> : status === "streaming" && <ThinkingIndicator />}
      {memories && memories.length > 0 && <MemoriesUsed memories={memories} />}
      {status === "error" && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-xl bg-danger-soft px-3 py-2 text-sm text-danger">
          <CircleExclamationPoint className="size-4 shrink-0" aria-hidden />
          <span className="flex-1">
            {errorMessage ?? (errorCode && replyErrorText[errorCode]) ?? "The reply could not be completed."}
          </span>
          {retry && <RetryButton onClick={retry} />}
        </div>
      )}
      {status === "stopped" && (
        <div className="flex flex-wrap items-center gap-3 text-xs text-text-muted">
          <span>Stopped</span>
          {retry && <RetryButton onClick={retry} />}
          {canVote && (
            <span className="-ml-1 flex flex-wrap items-center gap-0.5">
              <MessageVote messageId={id} vote={vote} />
            </span>
          )}
        </div>
      )}
      {status === "complete" && (
        <div className="-ml-2 flex flex-wrap items-center gap-0.5">
          <CopyButton label="Copy reply" getText={() => content} />
          {retry && (
            <IconButton label="Regenerate reply" onClick={retry} className="size-7">
              <RotateCw className="size-3.5" aria-hidden />
            </IconButton>
          )}
          {canVote && <MessageVote messageId={id} vote={vote} />}
        </div>
      )}
    </div>
  );
}

export const MessageBubble = memo(function MessageBubble(props: MessageBubbleProps) {
  if (props.role === "assistant") return <AssistantMessage {...props} />;
  return (
    <div
      data-testid="message"
      data-role="user"
      data-status={props.status}
      {...linkTargetAttributes(props)}
      className={cn("max-w-[85%] self-end bg-raised px-4 py-2.5 whitespace-pre-wrap [overflow-wrap:anywhere]", linkTargetClassName)}
    >
      {props.content}
    </div>
  );
});
