"use client";

import { useEffect, useId, useLayoutEffect, useRef, type FormEvent, type KeyboardEvent } from "react";
import { ArrowUp, Square } from "lucide-react";
import { useUiStore } from "@/lib/client/ui-store";

export const maxMessageLength = 8000;
const lengthWarningAt = 7000;

interface ComposerProps {
  chatKey: string;
  /** A reply is streaming or being saved: no new message until it is done. */
  isBusy: boolean;
  isStreaming: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}

export function Composer({ chatKey, isBusy, isStreaming, onSend, onStop }: ComposerProps) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const draft = useUiStore((state) => state.drafts[chatKey] ?? "");
  const setDraft = useUiStore((state) => state.setDraft);
  const canSend = draft.trim().length > 0 && !isBusy;

  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight}px`;
  }, [draft]);

  useEffect(() => {
    // Focusing on touch screens would pop the keyboard over the conversation.
    if (window.matchMedia("(pointer: fine)").matches) textareaRef.current?.focus();
  }, [chatKey]);

  function send() {
    if (!canSend) return;
    setDraft(chatKey, "");
    onSend(draft.trim());
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    send();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  return (
    <form onSubmit={handleSubmit} className="mx-auto w-full max-w-3xl px-3 pb-3 md:px-4 md:pb-4">
      <div className="flex items-end gap-2 rounded-2xl border border-line bg-page p-2 shadow-sm focus-within:border-ring">
        <textarea
          ref={textareaRef}
          aria-label="Message"
          aria-describedby={hintId}
          rows={1}
          value={draft}
          maxLength={maxMessageLength}
          placeholder="Message Mneme…"
          onChange={(event) => setDraft(chatKey, event.target.value)}
          onKeyDown={handleKeyDown}
          className="max-h-52 min-h-10 flex-1 resize-none bg-transparent px-2 py-2 text-base outline-none placeholder:text-text-muted md:text-sm"
        />
        {isStreaming ? (
          <button
            type="button"
            aria-label="Stop generating"
            onClick={onStop}
            className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent text-accent-text hover:opacity-90"
          >
            <Square className="size-4 fill-current" aria-hidden />
          </button>
        ) : (
          <button
            type="submit"
            aria-label="Send"
            disabled={!canSend}
            className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent text-accent-text hover:opacity-90 disabled:opacity-30"
          >
            <ArrowUp className="size-5" aria-hidden />
          </button>
        )}
      </div>
      <p id={hintId} className="mt-1.5 flex justify-between px-2 text-xs text-text-muted">
        <span className="max-md:sr-only">Enter to send, Shift+Enter for a new line</span>
        {draft.length > lengthWarningAt && (
          <span>
            {draft.length} / {maxMessageLength}
          </span>
        )}
      </p>
    </form>
  );
}
