"use client";

import { memo, useState } from "react";
import Link from "next/link";
import { CircleExclamationPoint, FileText, Pencil, RotateCw } from "lucide-react";
import type { MessageAttachment, MessageRole, MessageStatus } from "@/lib/chat/types";
import type { Vote } from "@/lib/feedback/types";
import type { UsedMemory } from "@/lib/memory/types";
import { cn } from "@/lib/client/cn";
import { documentLink } from "@/lib/client/message-link";
import { CopyButton } from "@/components/ui/copy-button";
import { IconButton } from "@/components/ui/icon-button";
import { BranchSwitcher } from "./branch-switcher";
import { DeleteMessageButton } from "./delete-message-button";
import { Markdown } from "./markdown";
import { MemoriesUsed } from "./memories-used";
import { MessageEditForm } from "./message-edit-form";
import { MessageVote } from "./message-vote";
import { RegenerateMenu } from "./regenerate-menu";

const replyErrorText: Record<string, string> = {
  interrupted: "The reply was interrupted before it finished.",
  upstream: "The model provider could not complete the reply.",
};

interface MessageBubbleProps {
  id: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  /** The model that wrote a reply (shown where a reply has other versions). */
  modelLabel?: string;
  errorCode?: string;
  /** The API's own explanation, when this browser saw the failure happen. */
  errorMessage?: string;
  /** Every version at this place in the chat's tree, itself included (none given: the only one). */
  siblingIds?: string[];
  /** Set on stored replies while nothing is being written: a new version, optionally by another model. */
  onRetry?: (messageId: string, model?: string) => void;
  /** Set on stored messages of the person's while nothing is being written: a new version of the text. */
  onEdit?: (messageId: string, text: string) => void;
  /** Shows the branch through another version. */
  onSwitch?: (messageId: string) => void;
  /** Deletes the message and what follows it. */
  onDelete?: (messageId: string) => Promise<void>;
  /** Memories from other chats and documents the reply was given. */
  memories?: UsedMemory[];
  /** The documents attached to a question. */
  attachments?: MessageAttachment[];
  /** The message the address links to (`?m=`): focusable, so the page can move focus to it. */
  isLinkTarget?: boolean;
  /** Ringed for a moment after the page jumped to it. */
  isHighlighted?: boolean;
  /** Stored replies can be voted on; a reply still shown from the live stream cannot yet. */
  canVote?: boolean;
  vote?: Vote;
}

function RetryButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="inline-flex items-center gap-1.5 rounded-md border border-line bg-page px-2.5 py-1 text-xs font-medium text-text hover:bg-raised"
    >
      <RotateCw className="size-3.5" aria-hidden />
      Retry
    </button>
  );
}

type LinkTargetProps = Pick<MessageBubbleProps, "id" | "isLinkTarget" | "isHighlighted">;

/** Lets the page find a message by id, focus it and ring it when a memory link points at it. */
function linkTargetAttributes({ id, isLinkTarget, isHighlighted }: LinkTargetProps) {
  return {
    "data-message-id": id,
    "data-highlighted": isHighlighted || undefined,
    tabIndex: isLinkTarget ? -1 : undefined,
  };
}

// Only script focuses a message (after a jump to it); the ring marks it instead of an outline.
const linkTargetClassName = cn(
  "scroll-my-6 rounded-2xl outline-none transition-shadow duration-1000",
  "data-highlighted:ring-2 data-highlighted:ring-ring data-highlighted:ring-offset-4 data-highlighted:ring-offset-page",
);

function ThinkingIndicator() {
  return (
    <span className="inline-flex items-center gap-1 py-2">
      <span className="sr-only">Thinking…</span>
      {[0, 150, 300].map((delay) => (
        <span key={delay} aria-hidden className="size-1.5 animate-pulse rounded-full bg-text-muted" style={{ animationDelay: `${delay}ms` }} />
      ))}
    </span>
  );
}

type TreeActionProps = Pick<MessageBubbleProps, "id" | "role" | "siblingIds" | "onSwitch" | "onDelete">;

/** `‹ 2 / 3 ›`, where the message has other versions and may switch to them. */
function VersionsOf({ id, siblingIds, onSwitch }: TreeActionProps) {
  return onSwitch && siblingIds ? <BranchSwitcher messageId={id} siblingIds={siblingIds} onSwitch={onSwitch} /> : null;
}

function DeleteAction({ id, role, onDelete }: TreeActionProps) {
  return onDelete ? <DeleteMessageButton role={role} onDelete={() => onDelete(id)} /> : null;
}

function AssistantMessage(props: MessageBubbleProps) {
  const { id, content, status, modelLabel, errorCode, errorMessage, onRetry, canVote, vote, memories, siblingIds } = props;
  const retry = onRetry && (() => onRetry(id));
  const retryWith = onRetry && ((model: string) => onRetry(id, model));
  const hasVersions = (siblingIds?.length ?? 0) > 1;
  return (
    <div
      data-testid="message"
      data-role="assistant"
      data-status={status}
      {...linkTargetAttributes(props)}
      className={cn("flex flex-col gap-2", linkTargetClassName)}
    >
      {content ? <Markdown text={content} /> : status === "streaming" && <ThinkingIndicator />}
      {memories && memories.length > 0 && <MemoriesUsed memories={memories} />}
      {status === "error" && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-xl bg-danger-soft px-3 py-2 text-sm text-danger">
          <CircleExclamationPoint className="size-4 shrink-0" aria-hidden />
          <span className="flex-1">
            {errorMessage ?? (errorCode && replyErrorText[errorCode]) ?? "The reply could not be completed."}
          </span>
          {retry && <RetryButton onClick={retry} />}
        </div>
      )}
      {status === "stopped" && (
        <div className="flex flex-wrap items-center gap-3 text-xs text-text-muted">
          <span>Stopped</span>
          {retry && <RetryButton onClick={retry} />}
          {canVote && (
            <span className="-ml-1 flex flex-wrap items-center gap-0.5">
              <MessageVote messageId={id} vote={vote} />
            </span>
          )}
        </div>
      )}
      {status !== "streaming" && (
        <div className="-ml-2 flex flex-wrap items-center gap-0.5">
          <VersionsOf {...props} />
          {status === "complete" && <CopyButton label="Copy reply" getText={() => content} />}
          {retry && status === "complete" && (
            <IconButton label="Regenerate reply" onClick={retry} className="size-7">
              <RotateCw className="size-3.5" aria-hidden />
            </IconButton>
          )}
          {retryWith && <RegenerateMenu onPick={retryWith} />}
          {canVote && status === "complete" && <MessageVote messageId={id} vote={vote} />}
          <DeleteAction {...props} />
          {hasVersions && modelLabel && <span className="ml-1 text-xs text-text-muted">{modelLabel}</span>}
        </div>
      )}
    </div>
  );
}

function UserMessage(props: MessageBubbleProps) {
  const { id, content, status, onEdit, onSwitch, onDelete, attachments, siblingIds = [] } = props;
  const [isEditing, setIsEditing] = useState(false);
  // On a pointer that hovers, the actions show on hover or focus; the versions switcher always.
  const hasVersions = siblingIds.length > 1;
  const hasActions = Boolean(onEdit || onDelete || (onSwitch && hasVersions));
  return (
    <div className="group flex max-w-[85%] flex-col items-end gap-1 self-end data-editing:w-full data-editing:max-w-full" data-editing={isEditing || undefined}>
      {isEditing && onEdit ? (
        <MessageEditForm
          initialText={content}
          onCancel={() => setIsEditing(false)}
          onSave={(text) => {
            setIsEditing(false);
            onEdit(id, text);
          }}
        />
      ) : (
        <div
          data-testid="message"
          data-role="user"
          data-status={status}
          {...linkTargetAttributes(props)}
          className={cn("bg-raised px-4 py-2.5 whitespace-pre-wrap [overflow-wrap:anywhere]", linkTargetClassName)}
        >
          {content}
        </div>
      )}
      {attachments && attachments.length > 0 && (
        <ul aria-label="Attached files" className="flex flex-wrap justify-end gap-1.5">
          {attachments.map((attachment) => (
            <li key={attachment.documentId}>
              <Link
                href={documentLink(attachment.documentId)}
                className="inline-flex max-w-60 items-center gap-1.5 rounded-lg border border-line px-2 py-1 text-xs text-text-muted hover:bg-raised hover:text-text"
              >
                <FileText className="size-3.5 shrink-0" aria-hidden />
                <span className="truncate">{attachment.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {!isEditing && hasActions && (
        <div
          className={cn(
            "-mr-1 flex flex-wrap items-center justify-end gap-0.5 transition-opacity",
            !hasVersions && "pointer-fine:opacity-0 pointer-fine:group-focus-within:opacity-100 pointer-fine:group-hover:opacity-100",
          )}
        >
          <VersionsOf {...props} />
          {onEdit && (
            <IconButton label="Edit message" onClick={() => setIsEditing(true)} className="size-7">
              <Pencil className="size-3.5" aria-hidden />
            </IconButton>
          )}
          <DeleteAction {...props} />
        </div>
      )}
    </div>
  );
}

export const MessageBubble = memo(function MessageBubble(props: MessageBubbleProps) {
  return props.role === "assistant" ? <AssistantMessage {...props} /> : <UserMessage {...props} />;
});
