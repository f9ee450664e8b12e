"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { ThumbsDown, ThumbsUp } from "lucide-react";
import { feedbackCommentMaxLength, type Vote } from "@/lib/feedback/types";
import { cn } from "@/lib/client/cn";
import { describeError } from "@/lib/client/http";
import { useVote } from "@/lib/client/use-vote";

type CommentState = "closed" | "open" | "sent";

/** Thumbs up / down on a reply; the pressed one again withdraws the vote. A down vote may add a comment. */
export function MessageVote({ messageId, vote }: { messageId: string; vote?: Vote }) {
  const mutation = useVote(messageId);
  const [commentState, setCommentState] = useState<CommentState>("closed");
  const current = vote ?? null;

  function choose(next: Vote) {
    const isWithdrawal = current === next;
    mutation.mutate({ vote: isWithdrawal ? null : next, previous: current });
    setCommentState(!isWithdrawal && next === "down" ? "open" : "closed");
  }

  return (
    <>
      <VoteButton label="Good reply" isPressed={current === "up"} onClick={() => choose("up")}>
        <ThumbsUp className="size-3.5" aria-hidden />
      </VoteButton>
      <VoteButton label="Bad reply" isPressed={current === "down"} onClick={() => choose("down")}>
        <ThumbsDown className="size-3.5" aria-hidden />
      </VoteButton>
      <span role="status" className="sr-only">
        {mutation.isSuccess && !mutation.variables?.comment ? (current ? "Vote saved" : "Vote withdrawn") : ""}
      </span>
      {mutation.isError && (
        <span role="alert" className="ml-2 text-xs text-danger">
          {describeError(mutation.error)}
        </span>
      )}
      {commentState !== "closed" && current === "down" && (
        <DownVoteComment
          isSent={commentState === "sent"}
          isPending={mutation.isPending}
          onSend={(comment) =>
            mutation.mutate({ vote: "down", comment, previous: current }, { onSuccess: () => setCommentState("sent") })
          }
          onSkip={() => setCommentState("closed")}
        />
      )}
    </>
  );
}

function VoteButton({ label, isPressed, onClick, children }: { label: string; isPressed: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={isPressed}
      onClick={onClick}
      className={cn(
        "inline-flex size-7 items-center justify-center rounded-md hover:bg-raised hover:text-text",
        isPressed ? "bg-raised text-text" : "text-text-muted",
      )}
    >
      {children}
    </button>
  );
}

interface DownVoteCommentProps {
  isSent: boolean;
  isPending: boolean;
  onSend: (comment: string) => void;
  onSkip: () => void;
}

function DownVoteComment({ isSent, isPending, onSend, onSkip }: DownVoteCommentProps) {
  const id = useId();
  if (isSent) {
    return <p className="basis-full pt-1 pl-2 text-xs text-text-muted">Thanks, that helps us improve.</p>;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const comment = String(new FormData(event.currentTarget).get("comment") ?? "").trim();
    if (comment) onSend(comment);
    else onSkip();
  }

  return (
    <form onSubmit={submit} className="flex basis-full flex-col gap-2 pt-2 pl-2">
      <label htmlFor={id} className="text-xs text-text-muted">
        What was wrong with this reply? (optional)
      </label>
      <textarea
        id={id}
        name="comment"
        rows={2}
        autoFocus
        maxLength={feedbackCommentMaxLength}
        className="w-full max-w-lg resize-y rounded-lg border border-line bg-page px-3 py-2 text-sm"
        onKeyDown={(event) => {
          if (event.key === "Escape") onSkip();
        }}
      />
      <div className="flex gap-2">
        <button type="submit" disabled={isPending} className="rounded-md bg-accent px-3 py-1 text-xs font-medium text-accent-text hover:opacity-90 disabled:opacity-60">
          Send
        </button>
        <button type="button" onClick={onSkip} className="rounded-md border border-line px-3 py-1 text-xs font-medium hover:bg-raised">
          Skip
        </button>
      </div>
    </form>
  );
}
