"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { messageMaxLength } from "@/lib/chat/types";

interface MessageEditFormProps {
  initialText: string;
  onSave: (text: string) => void;
  onCancel: () => void;
}

/**
 * Edits a sent message in place: Enter sends the new version (answered on a branch of its own,
 * the original kept), Shift+Enter starts a new line, Escape cancels.
 */
export function MessageEditForm({ initialText, onSave, onCancel }: MessageEditFormProps) {
  const [text, setText] = useState(initialText);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const labelId = useId();
  const hintId = useId();
  const trimmed = text.trim();
  const isTooLong = text.length > messageMaxLength;
  const canSave = trimmed.length > 0 && !isTooLong && trimmed !== initialText.trim();

  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight}px`;
  }, [text]);

  useEffect(() => {
    const textarea = textareaRef.current;
    textarea?.focus();
    textarea?.setSelectionRange(textarea.value.length, textarea.value.length);
  }, []);

  function save() {
    if (canSave) onSave(trimmed);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save();
  }

  return (
    <form onSubmit={handleSubmit} aria-labelledby={labelId} className="flex w-full flex-col gap-2 rounded-2xl border border-line bg-raised p-3">
      <span id={labelId} className="sr-only">
        Edit your message
      </span>
      <textarea
        ref={textareaRef}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={handleKeyDown}
        aria-labelledby={labelId}
        aria-describedby={hintId}
        aria-invalid={isTooLong || undefined}
        rows={1}
        className="max-h-72 w-full resize-none bg-transparent text-base outline-none sm:text-sm"
      />
      <div className="flex flex-wrap items-center justify-end gap-2">
        <p id={hintId} className="w-full text-xs text-text-muted sm:mr-auto sm:w-auto">
          {isTooLong ? `At most ${messageMaxLength.toLocaleString("en")} characters.` : "The original stays as another version."}
        </p>
        <button type="button" onClick={onCancel} className="rounded-lg border border-line bg-page px-3 py-1.5 text-sm font-medium hover:bg-raised">
          Cancel
        </button>
        <button
          type="submit"
          disabled={!canSave}
          className="rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-accent-text hover:opacity-90 disabled:opacity-50"
        >
          Save and send
        </button>
      </div>
    </form>
  );
}
