"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useLayoutEffect, useRef } from "react";
import { ArrowDown } from "lucide-react";
import type { ChatMessage } from "@/lib/chat/types";
import { useLiveReplyStore } from "@/lib/client/live-reply-store";
import { linkedMessageParam } from "@/lib/client/message-link";
import { useJumpToMessage } from "@/lib/client/use-jump-to-message";
import { useModels } from "@/lib/client/use-models";
import { useStickToBottom } from "@/lib/client/use-stick-to-bottom";
import { MessageBubble } from "./message-bubble";

/** The messages earlier on the branch than those shown, loaded as the person scrolls up. */
export interface EarlierMessages {
  hasMore: boolean;
  isLoading: boolean;
  error: string | null;
  load: () => void;
}

interface MessageListProps {
  messages: ChatMessage[];
  isReplying: boolean;
  earlier: EarlierMessages;
  onRetry: (messageId: string, model?: string) => void;
  onEdit: (messageId: string, text: string) => void;
  onSwitch: (messageId: string) => void;
  onDelete: (messageId: string) => Promise<void>;
  /** The address links to a message that is not shown (earlier, or on another branch). */
  onLinkNotShown: (messageId: string) => void;
}

/** Starts loading earlier messages this far before the top is reached. */
const earlierMarginPx = 400;

export function MessageList({ messages, isReplying, earlier, onRetry, onEdit, onSwitch, onDelete, onLinkNotShown }: MessageListProps) {
  const { scrollerRef, contentRef, isPinned, scrollToBottom, scrollToElement } = useStickToBottom<HTMLDivElement, HTMLDivElement>();
  const errorMessages = useLiveReplyStore((state) => state.errorMessages);
  const { data: models } = useModels();
  const topRef = useRef<HTMLDivElement>(null);
  // The scroll height when earlier messages were asked for, to keep the view still as they arrive.
  const heightBeforeEarlierRef = useRef<number | null>(null);
  const lastMessage = messages.at(-1);
  const lastUserMessageId = messages.findLast((message) => message.role === "user")?.id;
  const firstMessageId = messages[0]?.id;
  const { hasMore, isLoading, load } = earlier;

  // To the end when the list opens and when a message is sent: a new last message of the person's
  // after the one before. Not when earlier messages arrive above, nor on a switch of branch (the
  // last one before is gone then), so the person stays where they were reading.
  const lastUserMessageIdRef = useRef<string | undefined>(undefined);
  useEffect(() => {
    const before = lastUserMessageIdRef.current;
    lastUserMessageIdRef.current = lastUserMessageId;
    if (before === lastUserMessageId) return;
    const ids = messages.map((message) => message.id);
    const beforeAt = before === undefined ? -1 : ids.indexOf(before);
    if (before === undefined || (beforeAt !== -1 && beforeAt < ids.lastIndexOf(lastUserMessageId ?? ""))) scrollToBottom();
  }, [lastUserMessageId, messages, scrollToBottom]);

  // Earlier messages arrived above: move down by what they added, so what was read stays in view.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    const heightBefore = heightBeforeEarlierRef.current;
    if (!scroller || heightBefore === null) return;
    heightBeforeEarlierRef.current = null;
    scroller.scrollTop += scroller.scrollHeight - heightBefore;
  }, [firstMessageId, scrollerRef]);

  useEffect(() => {
    const scroller = scrollerRef.current;
    const top = topRef.current;
    if (!scroller || !top || !hasMore || isLoading) return;
    const observer = new IntersectionObserver(
      ([entry]) => {
        // Only once the person has scrolled: the list opens at its end.
        if (!entry?.isIntersecting || scroller.scrollHeight <= scroller.clientHeight) return;
        heightBeforeEarlierRef.current = scroller.scrollHeight;
        load();
      },
      { root: scroller, rootMargin: `${earlierMarginPx}px 0px 0px 0px` },
    );
    observer.observe(top);
    return () => observer.disconnect();
  }, [hasMore, isLoading, load, scrollerRef]);

  // After the scroll to the end above, so a link to an earlier message wins on arrival.
  const linkedMessageId = useSearchParams().get(linkedMessageParam);
  const messageIds = messages.map((message) => message.id);
  const { highlightedId } = useJumpToMessage({ targetId: linkedMessageId, messageIds, containerRef: contentRef, scrollToElement });
  const isLinkShown = linkedMessageId === null || messageIds.includes(linkedMessageId);
  useEffect(() => {
    if (linkedMessageId && !isLinkShown && !isReplying) onLinkNotShown(linkedMessageId);
  }, [linkedMessageId, isLinkShown, isReplying, onLinkNotShown]);

  const labelOf = (modelId: string | null) => models?.models.find((model) => model.id === modelId)?.label ?? modelId ?? undefined;

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
          <div ref={topRef} className="flex justify-center empty:hidden">
            {isLoading && (
              <p role="status" className="text-xs text-text-muted">
                Loading earlier messages…
              </p>
            )}
            {!isLoading && hasMore && (
              <button
                type="button"
                onClick={() => {
                  heightBeforeEarlierRef.current = scrollerRef.current?.scrollHeight ?? null;
                  load();
                }}
                className="rounded-full border border-line px-3 py-1.5 text-xs font-medium hover:bg-raised"
              >
                {earlier.error ? "Could not load earlier messages. Try again" : "Show earlier messages"}
              </button>
            )}
          </div>
          {messages.map((message) => {
            const isStored = !(isReplying && message === lastMessage) && !message.id.startsWith("pending-");
            const canChange = isStored && !isReplying;
            return (
              <MessageBubble
                key={message.id}
                id={message.id}
                role={message.role}
                content={message.content}
                status={message.status}
                modelLabel={message.role === "assistant" ? labelOf(message.model) : undefined}
                errorCode={message.errorCode}
                errorMessage={errorMessages[message.id]}
                siblingIds={message.siblingIds}
                onRetry={canChange && message.role === "assistant" ? onRetry : undefined}
                onEdit={canChange && message.role === "user" ? onEdit : undefined}
                onSwitch={canChange ? onSwitch : undefined}
                onDelete={canChange ? onDelete : undefined}
                memories={message.memories}
                attachments={message.attachments}
                isLinkTarget={message.id === linkedMessageId}
                isHighlighted={message.id === highlightedId}
                canVote={message.role === "assistant" && isStored}
                vote={message.vote}
              />
            );
          })}
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
