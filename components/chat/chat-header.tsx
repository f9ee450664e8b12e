"use client";

import { useState } from "react";
import { Share2 } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { IconButton } from "@/components/ui/icon-button";
import { ModelPicker } from "./model-picker";
import { ShareDialog } from "./share-dialog";

/** `chatId` is set once the chat exists on the server: only then can it be shared. */
export function ChatHeader({ title, chatId }: { title: string; chatId: string | null }) {
  const [isSharing, setIsSharing] = useState(false);
  return (
    <PageHeader title={title}>
      {chatId && (
        <>
          <IconButton label="Share chat" onClick={() => setIsSharing(true)}>
            <Share2 className="size-4" aria-hidden />
          </IconButton>
          <ShareDialog chatId={chatId} isOpen={isSharing} onClose={() => setIsSharing(false)} />
        </>
      )}
      <ModelPicker />
    </PageHeader>
  );
}
