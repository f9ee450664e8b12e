"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ArchiveRestore, Pencil, Pin, Timer, Trash } from "lucide-react";
import type { Chat } from "@/lib/chat/types";
import { useDeleteChat, useUpdateChat } from "@/lib/client/chat-mutations";
import { cn } from "@/lib/client/cn";
import { describeError } from "@/lib/client/http";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { IconButton } from "@/components/ui/icon-button";
import { RenameChatForm } from "./rename-chat-form";

interface ChatListItemProps {
  chat: Chat;
  isActive: boolean;
  onNavigate: () => void;
}

export function ChatListItem({ chat, isActive, onNavigate }: ChatListItemProps) {
  const router = useRouter();
  const [isRenaming, setIsRenaming] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const shouldFocusRenameButton = useRef(false);
  const deletion = useDeleteChat();
  const restore = useUpdateChat();
  const title = chat.title || "Untitled chat";

  async function confirmDelete() {
    try {
      await deletion.mutateAsync(chat.id);
    } catch {
      return; // The dialog stays open and shows `deletion.error`.
    }
    setIsConfirmingDelete(false);
    if (isActive) router.replace("/chat");
  }

  function finishRenaming(byKeyboard: boolean) {
    shouldFocusRenameButton.current = byKeyboard;
    setIsRenaming(false);
  }

  /** Puts focus back where it was once the inline editor closes, instead of losing it to the page. */
  function focusAfterRenaming(button: HTMLButtonElement | null) {
    if (!button || !shouldFocusRenameButton.current) return;
    shouldFocusRenameButton.current = false;
    button.focus();
  }

  function closeDeleteDialog() {
    setIsConfirmingDelete(false);
    deletion.reset();
  }

  return (
    <li className="group relative">
      {isRenaming ? (
        <RenameChatForm chat={chat} onDone={finishRenaming} />
      ) : (
        <>
          <Link
            href={`/chat/${chat.id}`}
            onClick={onNavigate}
            aria-current={isActive ? "page" : undefined}
            className={cn(
              "flex items-center gap-1.5 rounded-lg py-2 pr-18 pl-3 text-sm hover:bg-raised",
              isActive ? "bg-raised font-medium text-text" : "text-text-muted",
            )}
          >
            {chat.pinned && <Pin aria-hidden className="size-3.5 shrink-0 rotate-45 text-accent" />}
            {chat.temporary && <Timer aria-hidden className="size-3.5 shrink-0" />}
            <span className="truncate">{title}</span>
            {/* The marks, in words, for screen readers. */}
            {chat.pinned && <span className="sr-only"> (pinned)</span>}
            {chat.temporary && <span className="sr-only"> (temporary)</span>}
          </Link>
          <div
            className={cn(
              "absolute top-1/2 right-1 flex -translate-y-1/2 gap-0.5",
              !isActive && "md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100",
            )}
          >
            {chat.archived ? (
              <IconButton
                label={`Restore chat ${title}`}
                disabled={restore.isPending}
                onClick={() => restore.mutate({ id: chat.id, update: { archived: false } })}
                className="size-7"
              >
                <ArchiveRestore className="size-3.5" aria-hidden />
              </IconButton>
            ) : (
              <IconButton
                ref={focusAfterRenaming}
                label={`Rename chat ${title}`}
                onClick={() => setIsRenaming(true)}
                className="size-7"
              >
                <Pencil className="size-3.5" aria-hidden />
              </IconButton>
            )}
            <IconButton label={`Delete chat ${title}`} onClick={() => setIsConfirmingDelete(true)} className="size-7">
              <Trash className="size-3.5" aria-hidden />
            </IconButton>
          </div>
        </>
      )}
      {restore.isError && (
        <p role="alert" className="px-3 pb-1 text-xs text-danger">
          {describeError(restore.error)}
        </p>
      )}
      <ConfirmDialog
        isOpen={isConfirmingDelete}
        title="Delete this chat?"
        description={`“${title}” and all of its messages will be deleted. This cannot be undone.`}
        confirmLabel={deletion.isPending ? "Deleting…" : "Delete"}
        isPending={deletion.isPending}
        error={deletion.isError ? describeError(deletion.error) : null}
        onConfirm={confirmDelete}
        onClose={closeDeleteDialog}
      />
    </li>
  );
}
