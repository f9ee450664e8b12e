"use client";

import { primaryButtonClass } from "@/components/ui/button-styles";
import { useModalDialog } from "@/lib/client/use-modal-dialog";
import { useId, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { sendFeedback } from "@/lib/client/api";
import { describeError } from "@/lib/client/http";
import { feedbackCommentMaxLength } from "@/lib/feedback/types";
import { StarRating } from "./star-rating";

interface FeedbackDialogProps {
  isOpen: boolean;
  page: string;
  onClose: () => void;
  onSent: () => void;
}

export function FeedbackDialog({ isOpen, page, onClose, onSent }: FeedbackDialogProps) {
  const dialogRef = useModalDialog(isOpen);
  const titleId = useId();
  const commentId = useId();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [missingRating, setMissingRating] = useState(false);
  const mutation = useMutation({ mutationFn: sendFeedback });

  function reset() {
    setRating(null);
    setComment("");
    setMissingRating(false);
    mutation.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (rating === null) {
      setMissingRating(true);
      return;
    }
    const trimmed = comment.trim();
    mutation.mutate(
      { rating, page, ...(trimmed ? { comment: trimmed } : {}) },
      {
        onSuccess: () => {
          reset();
          onSent();
        },
      },
    );
  }

  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby={titleId}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl border border-line bg-page p-6 text-text shadow-xl backdrop:bg-black/50"
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <div>
          <h2 id={titleId} className="text-lg font-semibold">
            Send feedback
          </h2>
          <p className="mt-1 text-sm text-text-muted">Tell the Mneme team what works and what doesn&apos;t.</p>
        </div>
        <StarRating
          legend="How is Mneme working for you?"
          value={rating}
          onChange={(value) => {
            setRating(value);
            setMissingRating(false);
          }}
        />
        <div className="flex flex-col gap-1.5">
          <label htmlFor={commentId} className="text-sm font-medium">
            Comment <span className="font-normal text-text-muted">(optional)</span>
          </label>
          <textarea
            id={commentId}
            rows={4}
            value={comment}
            maxLength={feedbackCommentMaxLength}
            onChange={(event) => setComment(event.target.value)}
            className="w-full resize-y rounded-lg border border-line bg-page px-3 py-2 text-sm"
          />
        </div>
        <p className="text-xs text-text-muted">
          Sent with the page you are on: <span className="font-mono break-all">{page}</span>
        </p>
        <p role="alert" className="text-sm text-danger empty:hidden">
          {missingRating ? "Choose a rating from 1 to 5 stars." : mutation.isError ? describeError(mutation.error) : ""}
        </p>
        <div className="flex justify-end gap-2">
          <button
            type="button"
            onClick={() => {
              reset();
              onClose();
            }}
            className="rounded-lg border border-line px-4 py-2 text-sm font-medium hover:bg-raised"
          >
            Cancel
          </button>
          <button
            type="submit"
            disabled={mutation.isPending}
            className={`${primaryButtonClass} disabled:opacity-60`}
          >
            {mutation.isPending ? "Sending…" : "Send feedback"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
