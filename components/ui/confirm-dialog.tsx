"use client";

import { useModalDialog } from "@/lib/client/use-modal-dialog";
import { useId } from "react";

interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  isPending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** A modal `<dialog>`: the browser makes the page behind it inert and closes it on Escape. */
export function ConfirmDialog({ isOpen, title, description, confirmLabel, isPending, error, onConfirm, onClose }: ConfirmDialogProps) {
  const dialogRef = useModalDialog(isOpen);
  const titleId = useId();
  const descriptionId = useId();

  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className="m-auto w-[calc(100%-2rem)] max-w-sm rounded-2xl border border-line bg-page p-6 text-text shadow-xl backdrop:bg-black/50"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <p id={descriptionId} className="mt-2 text-sm text-text-muted">
        {description}
      </p>
      {error && (
        <p role="alert" className="mt-3 text-sm text-danger">
          {error}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-2">
        <button
          type="button"
          autoFocus
          onClick={onClose}
          className="rounded-lg border border-line px-4 py-2 text-sm font-medium hover:bg-raised"
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={onConfirm}
          disabled={isPending}
          className="rounded-lg bg-danger-solid px-4 py-2 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60"
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
