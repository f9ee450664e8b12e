"use client";

import { goToLogin } from "@/lib/client/go-to-login";
import { useModalDialog } from "@/lib/client/use-modal-dialog";
import { useId, useState, type FormEvent } from "react";
import { deleteAccount } from "@/lib/client/api";
import { describeError } from "@/lib/client/http";

interface DeleteAccountDialogProps {
  email: string;
  isOpen: boolean;
  onClose: () => void;
}

/** Asks for the account's email before deleting, so a stray click or Enter cannot do it. */
export function DeleteAccountDialog({ email, isOpen, onClose }: DeleteAccountDialogProps) {
  const dialogRef = useModalDialog(isOpen);
  const titleId = useId();
  const descriptionId = useId();
  const inputId = useId();
  const [typed, setTyped] = useState("");
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = typed.trim().toLowerCase() === email.toLowerCase();

  function close() {
    setTyped("");
    setError(null);
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!matches || isPending) return;
    setIsPending(true);
    setError(null);
    try {
      await deleteAccount();
      goToLogin();
    } catch (caught) {
      setError(describeError(caught));
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
      <form onSubmit={submit}>
        <h2 id={titleId} className="text-lg font-semibold">
          Delete your account?
        </h2>
        <p id={descriptionId} className="mt-2 text-sm text-text-muted">
          This permanently deletes your chats, messages, memories, settings and feedback, and signs you out. It cannot be
          undone. Download your data first if you want to keep it.
        </p>
        <label htmlFor={inputId} className="mt-4 block text-sm">
          Type <span className="font-medium break-all">{email}</span> to confirm
        </label>
        <input
          id={inputId}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          className="mt-1.5 w-full rounded-lg border border-line bg-page px-3 py-2 text-sm"
        />
        {error && (
          <p role="alert" className="mt-3 text-sm text-danger">
            {error}
          </p>
        )}
        <div className="mt-6 flex justify-end gap-2">
          <button type="button" autoFocus onClick={close} className="rounded-lg border border-line px-4 py-2 text-sm font-medium hover:bg-raised">
            Cancel
          </button>
          <button
            type="submit"
            disabled={!matches || isPending}
            className="rounded-lg bg-danger-solid px-4 py-2 text-sm font-medium text-white hover:opacity-90 disabled:opacity-50"
          >
            {isPending ? "Deleting…" : "Delete account"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
