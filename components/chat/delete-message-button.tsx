"use client";

import { useState } from "react";
import { Trash2 } from "lucide-react";
import { describeError } from "@/lib/client/http";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { IconButton } from "@/components/ui/icon-button";

interface DeleteMessageButtonProps {
  role: "user" | "assistant";
  /** Resolves once the message is gone; a rejection is shown in the dialog. */
  onDelete: () => Promise<void>;
}

/** Deletes a message and everything that follows it in the chat's tree, after a confirmation. */
export function DeleteMessageButton({ role, onDelete }: DeleteMessageButtonProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = role === "user" ? "message" : "reply";

  async function confirm() {
    setIsPending(true);
    setError(null);
    try {
      await onDelete();
      setIsOpen(false);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setIsPending(false);
    }
  }

  return (
    <>
      <IconButton label={`Delete ${what}`} onClick={() => setIsOpen(true)} className="size-7">
        <Trash2 className="size-3.5" aria-hidden />
      </IconButton>
      <ConfirmDialog
        isOpen={isOpen}
        title={`Delete this ${what}?`}
        description={`The ${what} and everything after it on its branches are deleted for good. Other versions stay.`}
        confirmLabel="Delete"
        isPending={isPending}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => {
          setIsOpen(false);
          setError(null);
        }}
      />
    </>
  );
}
