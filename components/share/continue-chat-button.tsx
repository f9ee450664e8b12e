"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { MessageSquarePlus } from "lucide-react";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { copySharedChat } from "@/lib/client/api";
import { goToLogin } from "@/lib/client/go-to-login";
import { ApiError, describeError } from "@/lib/client/http";
import { cn } from "@/lib/client/cn";
import { sharePath } from "@/lib/share/types";

/**
 * Copies the snapshot into the viewer's own account and opens it there. Signed out, it goes to
 * sign-in and back to this page, where the viewer presses it again: a link alone never writes into
 * anyone's account (or their memory), only this button does.
 */
export function ContinueChatButton({ token }: { token: string }) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function continueChat() {
    setIsPending(true);
    setError(null);
    try {
      const { chat } = await copySharedChat(token);
      router.push(`/chat/${chat.id}`);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) return goToLogin(sharePath(token));
      setError(describeError(caught));
      setIsPending(false);
    }
  }

  return (
    <div className="flex flex-col items-center gap-2">
      <button
        type="button"
        onClick={continueChat}
        disabled={isPending}
        className={cn(primaryButtonClass, "inline-flex items-center gap-2 disabled:opacity-60")}
      >
        <MessageSquarePlus className="size-4" aria-hidden />
        {isPending ? "Copying…" : "Continue this chat"}
      </button>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
