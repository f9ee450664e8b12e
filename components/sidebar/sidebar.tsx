"use client";

import Link from "next/link";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { Archive, ArrowLeft, SquarePen, X } from "lucide-react";
import { cn } from "@/lib/client/cn";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { IconButton } from "@/components/ui/icon-button";
import { ChatFilter } from "./chat-filter";
import { ChatList } from "./chat-list";
import { AdminLink } from "./admin-link";
import { MemoryLink } from "./memory-link";
import { UserMenu } from "./user-menu";

export const sidebarId = "chat-sidebar";

/** Long enough to skip the requests of a word being typed, short enough to feel immediate. */
const filterDelayMs = 250;

interface SidebarProps {
  email: string;
  /** Admins get a link to /admin; for everyone else it is not rendered at all. */
  isAdmin: boolean;
  /** Only matters below the `md` breakpoint, where the sidebar is a drawer. */
  isOpen: boolean;
  onClose: () => void;
}

export function Sidebar({ email, isAdmin, isOpen, onClose }: SidebarProps) {
  const closeButtonRef = useRef<HTMLButtonElement>(null);
  const [isArchivedView, setIsArchivedView] = useState(false);
  const [filterText, setFilterText] = useState("");
  const q = useDebouncedValue(filterText.trim(), filterDelayMs);

  const closeOnEscape = useEffectEvent((event: KeyboardEvent) => {
    // Escape that an inline editor or a confirmation dialog already used is not for the drawer.
    const isInsideDialog = event.target instanceof Element && event.target.closest("dialog");
    if (event.key === "Escape" && !event.defaultPrevented && !isInsideDialog) onClose();
  });

  useEffect(() => {
    if (!isOpen) return;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButtonRef.current?.focus();
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("keydown", closeOnEscape);
      previouslyFocused?.focus();
    };
  }, [isOpen]);

  return (
    <aside
      id={sidebarId}
      aria-label="Chat history"
      className={cn(
        "fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col border-r border-line bg-panel duration-200",
        "md:static md:visible md:z-auto md:translate-x-0",
        // Visible at once when opening (so focus can move in), hidden only after sliding out.
        isOpen ? "translate-x-0 transition-[translate]" : "invisible -translate-x-full transition-[translate,visibility]",
      )}
    >
      <div className="flex h-14 shrink-0 items-center justify-between px-4">
        <Link href="/chat" onClick={onClose} className="text-lg font-semibold tracking-tight">
          Mneme
        </Link>
        <IconButton ref={closeButtonRef} label="Close sidebar" onClick={onClose} className="md:hidden">
          <X className="size-5" aria-hidden />
        </IconButton>
      </div>
      <div className="px-3 pb-2">
        <Link
          href="/chat"
          onClick={onClose}
          className="flex items-center gap-2 rounded-lg border border-line bg-page px-3 py-2 text-sm font-medium hover:bg-raised"
        >
          <SquarePen className="size-4" aria-hidden />
          New chat
        </Link>
        <MemoryLink onNavigate={onClose} />
        {isAdmin && <AdminLink onNavigate={onClose} />}
        <button
          type="button"
          aria-pressed={isArchivedView}
          onClick={() => setIsArchivedView((isArchived) => !isArchived)}
          className={cn(
            "mt-1 flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-sm hover:bg-raised",
            isArchivedView ? "bg-raised font-medium text-text" : "text-text-muted hover:text-text",
          )}
        >
          <Archive className="size-4" aria-hidden />
          Archived chats
        </button>
      </div>
      {isArchivedView && (
        <div className="flex items-center gap-1 px-3 pt-1 pb-2">
          <IconButton label="Back to chats" onClick={() => setIsArchivedView(false)} className="size-7">
            <ArrowLeft className="size-4" aria-hidden />
          </IconButton>
          <h2 className="text-sm font-medium">Archived</h2>
        </div>
      )}
      <ChatFilter value={filterText} onChange={setFilterText} label={isArchivedView ? "Filter archived chats" : "Filter chats"} />
      <nav aria-label={isArchivedView ? "Archived chats" : "Chats"} className="min-h-0 flex-1 overflow-y-auto px-2 py-2">
        <ChatList filter={{ q, archived: isArchivedView }} onNavigate={onClose} />
      </nav>
      <div className="border-t border-line p-2">
        <UserMenu email={email} onNavigate={onClose} />
      </div>
    </aside>
  );
}
