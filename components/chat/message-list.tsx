"use client";

import { useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { ArrowDown } from "lucide-react";
import type { ChatMessage } from "@/lib/chat/types";
import { useLiveReplyStore } from "@/lib/client/live-reply-store";
import { linkedMessageParam } from "@/lib/client/message-link";
import { useJumpToMessage } from "@/lib/client/use-jump-to-message";
import { useStickToBottom } from "@/lib/client/use-stick-to-bottom";
import { MessageBubble } from "./message-bubble";

interface MessageListProps {
  messages: ChatMessage[];
  isReplying: boolean;
  onRetry: (messageId: string) => void;
}

export function MessageList({ messages, isReplying, onRetry }: MessageListProps) {
  const { scrollerRef, contentRef, isPinned, scrollToBottom, scrollToElement } = useStickToBottom<HTMLDivElement, HTMLDivElement>();
  const errorMessages = useLiveReplyStore((state) => state.errorMessages);
  const lastMessage = messages.at(-1);
  const userMessageCount = messages.filter((message) => message.role === "user").length;

  useEffect(() => {
    scrollToBottom();
  }, [userMessageCount, scrollToBottom]);

  // After the scroll to the end above, so a link to an earlier message wins on arrival.
  const linkedMessageId = useSearchParams().get(linkedMessageParam);
  const { highlightedId } = useJumpToMessage({
    targetId: linkedMessageId,
    messageIds: messages.map((message) => message.id),
    containerRef: contentRef,
    scrollToElement,
  });

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={scrollerRef} className="h-full overflow-y-auto">
        <div
          ref={contentRef}
          role="log"
          aria-label="Conversation"
          aria-busy={isReplying}
          className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6"
        >
          {messages.map((message) => (
            <MessageBubble
              key={message.id}
              id={message.id}
              role={message.role}
              content={message.content}
              status={message.status}
              errorCode={message.errorCode}
              errorMessage={errorMessages[message.id]}
              onRetry={message === lastMessage && message.role === "assistant" && !isReplying ? onRetry : undefined}
              memories={message.memories}
              isLinkTarget={message.id === linkedMessageId}
              isHighlighted={message.id === highlightedId}
              canVote={message.role === "assistant" && !(isReplying && message === lastMessage)}
              vote={message.vote}
            />
          ))}
        </div>
      </div>
      {!isPinned && (
        <button
          type="button"
          onClick={() => scrollToBottom("smooth")}
          className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full border border-line bg-page px-3 py-1.5 text-xs font-medium shadow-md hover:bg-raised"
        >
          <ArrowDown className="size-3.5" aria-hidden />
          Jump to latest
        </button>
      )}
    </div>
  );
}
