"use client";

import { useId, useState } from "react";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { CopyButton } from "@/components/ui/copy-button";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { shareChat } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";
import { useModalDialog } from "@/lib/client/use-modal-dialog";

interface ShareDialogProps {
  chatId: string;
  isOpen: boolean;
  onClose: () => void;
}

/** Makes a link only when asked: opening the dialog shares nothing. */
export function ShareDialog({ chatId, isOpen, onClose }: ShareDialogProps) {
  const dialogRef = useModalDialog(isOpen);
  const queryClient = useQueryClient();
  const titleId = useId();
  const descriptionId = useId();
  const urlId = useId();
  const [url, setUrl] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function close() {
    setUrl(null);
    setError(null);
    onClose();
  }

  async function createLink() {
    setIsPending(true);
    setError(null);
    try {
      const { share } = await shareChat(chatId);
      setUrl(share.url);
      void queryClient.invalidateQueries({ queryKey: queryKeys.shares });
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setIsPending(false);
    }
  }

  return (
    <dialog
      ref={dialogRef}
      onClose={close}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl border border-line bg-page p-6 text-text shadow-xl backdrop:bg-black/50"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        Share this chat
      </h2>
      <p id={descriptionId} className="mt-2 text-sm text-text-muted">
        Anyone with the link can read this chat as it is now, without signing in. Messages you send later are not shared. Your
        memories, other chats and email stay private.
      </p>
      {url && (
        <div className="mt-4">
          <label htmlFor={urlId} className="block text-sm font-medium">
            Link
          </label>
          <div className="mt-1.5 flex items-center gap-2 rounded-lg border border-line bg-panel p-1 pl-3">
            <input
              id={urlId}
              readOnly
              value={url}
              onFocus={(event) => event.currentTarget.select()}
              className="min-w-0 flex-1 bg-transparent text-sm outline-none"
            />
            <CopyButton label="Copy link" getText={() => url} />
          </div>
          <p className="mt-2 text-xs text-text-muted">
            Stop sharing any time in{" "}
            <Link href="/settings#shared-links" onClick={close} className="underline underline-offset-2 hover:text-text">
              Settings › Shared links
            </Link>
            .
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-3 text-sm text-danger">
          {error}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-2">
        <button type="button" autoFocus onClick={close} className="rounded-lg border border-line px-4 py-2 text-sm font-medium hover:bg-raised">
          {url ? "Done" : "Cancel"}
        </button>
        {!url && (
          <button type="button" onClick={createLink} disabled={isPending} className={cn(primaryButtonClass, "disabled:opacity-60")}>
            {isPending ? "Creating…" : "Create link"}
          </button>
        )}
      </div>
    </dialog>
  );
}
