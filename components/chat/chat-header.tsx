"use client";

import { useState, type ReactNode } from "react";
import { BrainCircuit, Share2, Timer } from "lucide-react";
import type { Chat } from "@/lib/chat/types";
import { PageHeader } from "@/components/page-header";
import { IconButton } from "@/components/ui/icon-button";
import { ChatActionsMenu } from "./chat-actions-menu";
import { ModelPicker } from "./model-picker";
import { ShareDialog } from "./share-dialog";

function Mark({ icon, label, title }: { icon: ReactNode; label: string; title: string }) {
  return (
    <span title={title} className="inline-flex shrink-0 items-center gap-1 rounded-full border border-line px-2 py-0.5 text-xs text-text-muted">
      {icon}
      <span className="max-sm:sr-only">{label}</span>
    </span>
  );
}

/**
 * `chat` is absent until a new chat exists on the server (only then can it be shared);
 * `isTemporary` then says what the person chose for it.
 */
export function ChatHeader({ title, chat, isTemporary = false }: { title: string; chat?: Chat; isTemporary?: boolean }) {
  const [isSharing, setIsSharing] = useState(false);
  const isMarkedTemporary = chat ? chat.temporary : isTemporary;
  return (
    <PageHeader title={title}>
      {isMarkedTemporary && (
        <Mark icon={<Timer className="size-3.5" aria-hidden />} label="Temporary" title="Temporary chat: never remembered or found by memory search" />
      )}
      {chat && !chat.temporary && !chat.inMemory && (
        <Mark icon={<BrainCircuit className="size-3.5" aria-hidden />} label="Not in memory" title="Excluded from memory: not recalled or found by memory search" />
      )}
      {chat && (
        <>
          <IconButton label="Share chat" onClick={() => setIsSharing(true)}>
            <Share2 className="size-4" aria-hidden />
          </IconButton>
          <ShareDialog chatId={chat.id} isOpen={isSharing} onClose={() => setIsSharing(false)} />
        </>
      )}
      <ModelPicker />
      {chat && <ChatActionsMenu chat={chat} />}
    </PageHeader>
  );
}
