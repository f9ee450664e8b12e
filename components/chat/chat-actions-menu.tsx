"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Archive, ArchiveRestore, BrainCircuit, EllipsisVertical, Pin, PinOff } from "lucide-react";
import type { Chat, ChatUpdate } from "@/lib/chat/types";
import { useUpdateChat } from "@/lib/client/chat-mutations";
import { describeError } from "@/lib/client/http";
import { IconButton } from "@/components/ui/icon-button";

interface MenuAction {
  label: string;
  icon: ReactNode;
  update: ChatUpdate;
}

function actionsFor(chat: Chat): MenuAction[] {
  const iconClass = "size-4";
  const actions: MenuAction[] = [
    chat.pinned
      ? { label: "Unpin chat", icon: <PinOff className={iconClass} aria-hidden />, update: { pinned: false } }
      : { label: "Pin chat", icon: <Pin className={iconClass} aria-hidden />, update: { pinned: true } },
    chat.archived
      ? { label: "Restore chat", icon: <ArchiveRestore className={iconClass} aria-hidden />, update: { archived: false } }
      : { label: "Archive chat", icon: <Archive className={iconClass} aria-hidden />, update: { archived: true } },
  ];
  // A temporary chat is out of memory for good: there is nothing to toggle.
  if (!chat.temporary) {
    actions.push(
      chat.inMemory
        ? { label: "Exclude from memory", icon: <BrainCircuit className={iconClass} aria-hidden />, update: { inMemory: false } }
        : { label: "Include in memory", icon: <BrainCircuit className={iconClass} aria-hidden />, update: { inMemory: true } },
    );
  }
  return actions;
}

/** The open chat's menu: pin, archive and memory. Arrow keys move between items, Escape closes it. */
export function ChatActionsMenu({ chat }: { chat: Chat }) {
  const [isOpen, setIsOpen] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const update = useUpdateChat();

  useEffect(() => {
    if (!isOpen) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setIsOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePointer);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePointer);
  }, [isOpen]);

  function close() {
    setIsOpen(false);
    update.reset();
    toggleRef.current?.focus();
  }

  function handleKeyDown(event: KeyboardEvent) {
    if (!isOpen) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key === "Tab") return setIsOpen(false);
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined || items.length === 0) return;
    event.preventDefault();
    items[(next + items.length) % items.length]?.focus();
  }

  function run(action: MenuAction) {
    update.mutate({ id: chat.id, update: action.update }, { onSuccess: close });
  }

  return (
    <div ref={containerRef} className="relative shrink-0" onKeyDown={handleKeyDown}>
      <IconButton
        ref={toggleRef}
        label="Chat options"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => (isOpen ? close() : setIsOpen(true))}
      >
        <EllipsisVertical className="size-4" aria-hidden />
      </IconButton>
      {isOpen && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Chat options"
          className="absolute top-full right-0 z-20 mt-1 w-56 rounded-xl border border-line bg-page p-1 shadow-lg"
        >
          {actionsFor(chat).map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              disabled={update.isPending}
              onClick={() => run(action)}
              className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-sm hover:bg-raised focus-visible:bg-raised disabled:opacity-60"
            >
              {action.icon}
              {action.label}
            </button>
          ))}
          {update.isError && (
            <p role="alert" className="px-3 pt-1 pb-2 text-xs text-danger">
              {describeError(update.error)}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
