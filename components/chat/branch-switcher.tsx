"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";

interface BranchSwitcherProps {
  messageId: string;
  /** Every version at this place in the chat's tree, oldest first, `messageId` among them. */
  siblingIds: string[];
  onSwitch: (messageId: string) => void;
  disabled?: boolean;
}

/** `‹ 2 / 3 ›` between the versions of a message; shown only where there is more than one. */
export function BranchSwitcher({ messageId, siblingIds, onSwitch, disabled = false }: BranchSwitcherProps) {
  const index = siblingIds.indexOf(messageId);
  if (siblingIds.length < 2 || index < 0) return null;
  const previous = siblingIds[index - 1];
  const next = siblingIds[index + 1];
  return (
    <div role="group" aria-label="Versions" className="inline-flex items-center text-xs text-text-muted">
      <IconButton label="Previous version" className="size-7" disabled={disabled || !previous} onClick={() => previous && onSwitch(previous)}>
        <ChevronLeft className="size-4" aria-hidden />
      </IconButton>
      <span data-testid="version" className="min-w-9 text-center tabular-nums">
        <span className="sr-only">Version </span>
        {index + 1}
        <span aria-hidden> / </span>
        <span className="sr-only"> of </span>
        {siblingIds.length}
      </span>
      <IconButton label="Next version" className="size-7" disabled={disabled || !next} onClick={() => next && onSwitch(next)}>
        <ChevronRight className="size-4" aria-hidden />
      </IconButton>
    </div>
  );
}
