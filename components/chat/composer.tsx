"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from "react";
import { ArrowUp, Paperclip, Square } from "lucide-react";
import { cn } from "@/lib/client/cn";
import { useUiStore } from "@/lib/client/ui-store";
import type { Attachments } from "@/lib/client/use-attachments";
import { acceptedDocumentFiles } from "@/lib/documents/types";
import { AttachmentChips } from "./attachment-chips";

export const maxMessageLength = 8000;
const lengthWarningAt = 7000;

interface ComposerProps {
  chatKey: string;
  /** A reply is streaming or being saved: no new message until it is done. */
  isBusy: boolean;
  isStreaming: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  /** Files to send with the message (button, drag and drop, paste). */
  attachments: Attachments;
}

export function Composer({ chatKey, isBusy, isStreaming, onSend, onStop, attachments }: ComposerProps) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [isDragging, setDragging] = useState(false);
  const hintId = useId();
  const scopeId = useId();
  const draft = useUiStore((state) => state.drafts[chatKey] ?? "");
  const setDraft = useUiStore((state) => state.setDraft);
  const canSend = draft.trim().length > 0 && !isBusy && !attachments.isPending;

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

  function handleDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) attachments.add([...event.dataTransfer.files]);
  }

  function handlePaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    // A pasted file is attached; pasted text is text.
    if (event.clipboardData.files.length === 0) return;
    event.preventDefault();
    attachments.add([...event.clipboardData.files]);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  return (
    <form
      onSubmit={handleSubmit}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={handleDrop}
      className="mx-auto w-full max-w-3xl px-3 pb-3 md:px-4 md:pb-4"
    >
      <div
        data-testid="composer"
        className={cn("flex flex-col rounded-2xl border border-line bg-page p-2 shadow-sm focus-within:border-ring", isDragging && "border-accent bg-raised")}
      >
        {attachments.items.length > 0 && <AttachmentChips items={attachments.items} onRemove={attachments.remove} />}
        <div className="flex items-end gap-2">
          <button
            type="button"
            aria-label="Attach files"
            title="Attach files (or drop or paste them here)"
            onClick={() => fileInput.current?.click()}
            className="flex size-10 shrink-0 items-center justify-center rounded-xl text-text-muted hover:bg-raised hover:text-text"
          >
            <Paperclip className="size-5" aria-hidden />
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={acceptedDocumentFiles}
            aria-label="Files to attach"
            className="sr-only"
            tabIndex={-1}
            onChange={(event) => {
              if (event.target.files) attachments.add([...event.target.files]);
              event.target.value = "";
            }}
          />
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
            onPaste={handlePaste}
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
      </div>
      <p className="mt-1.5 flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-2 text-xs text-text-muted">
        <span id={hintId} className="max-md:sr-only">{attachments.isPending ? "Sends once the files are read" : "Enter to send, Shift+Enter for a new line"}</span>
        <label htmlFor={scopeId} className="flex items-center gap-1.5" title={attachments.canChooseScope ? undefined : "Always, in a temporary chat"}>
          <input
            id={scopeId}
            type="checkbox"
            checked={attachments.thisChatOnly}
            disabled={!attachments.canChooseScope}
            onChange={(event) => attachments.setThisChatOnly(event.target.checked)}
            className="size-3.5 accent-accent"
          />
          Files for this chat only
        </label>
        {draft.length > lengthWarningAt && (
          <span>
            {draft.length} / {maxMessageLength}
          </span>
        )}
      </p>
    </form>
  );
}
