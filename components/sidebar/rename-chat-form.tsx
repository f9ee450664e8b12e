"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import type { Chat } from "@/lib/chat/types";
import { useUpdateChat } from "@/lib/client/chat-mutations";
import { describeError } from "@/lib/client/http";

const maxTitleLength = 200;

/** Inline title editor: Enter or leaving the field saves, Escape cancels. */
interface RenameChatFormProps {
  chat: Chat;
  /** `byKeyboard` is false when the person left by clicking elsewhere: focus then stays where they went. */
  onDone: (byKeyboard: boolean) => void;
}

export function RenameChatForm({ chat, onDone }: RenameChatFormProps) {
  const [title, setTitle] = useState(chat.title);
  const rename = useUpdateChat();

  function save(byKeyboard: boolean) {
    const trimmed = title.trim();
    if (!trimmed || trimmed === chat.title) return onDone(byKeyboard);
    if (rename.isPending) return;
    rename.mutate({ id: chat.id, update: { title: trimmed } }, { onSuccess: () => onDone(byKeyboard) });
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    save(true);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onDone(true);
  }

  return (
    <form onSubmit={handleSubmit} className="px-1 py-0.5">
      <input
        aria-label="Chat title"
        value={title}
        maxLength={maxTitleLength}
        autoFocus
        readOnly={rename.isPending}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={handleKeyDown}
        onBlur={() => save(false)}
        onFocus={(event) => event.target.select()}
        className="w-full rounded-md border border-ring bg-page px-2 py-1.5 text-sm outline-none"
      />
      {rename.isError && (
        <p role="alert" className="mt-1 px-1 text-xs text-danger">
          {describeError(rename.error)}
        </p>
      )}
    </form>
  );
}
