import { useEffect, useRef, useState, type RefObject } from "react";

const highlightMs = 2500;

interface JumpToMessageOptions {
  /** The message the address names (`?m=`), if any. */
  targetId: string | null;
  /** The ids on screen; the jump waits until the target is among them. */
  messageIds: string[];
  containerRef: RefObject<HTMLElement | null>;
  scrollToElement: (element: HTMLElement) => void;
}

/**
 * Scrolls to the linked message once it is on screen, moves focus there so the keyboard carries on
 * from it, and says whether it is still highlighted (for a short while after the jump).
 */
export function useJumpToMessage({ targetId, messageIds, containerRef, scrollToElement }: JumpToMessageOptions) {
  const jumpedToRef = useRef<string | null>(null);
  const [fadedId, setFadedId] = useState<string | null>(null);
  const isTargetShown = targetId !== null && messageIds.includes(targetId);

  useEffect(() => {
    if (!targetId || !isTargetShown || jumpedToRef.current === targetId) return;
    const element = containerRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(targetId)}"]`);
    if (!element) return;
    scrollToElement(element);
    // A frame later: the composer takes focus on arrival, in this same commit, after this effect.
    const frame = requestAnimationFrame(() => {
      jumpedToRef.current = targetId;
      element.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [targetId, isTargetShown, containerRef, scrollToElement]);

  useEffect(() => {
    if (!isTargetShown) return;
    const timer = setTimeout(() => setFadedId(targetId), highlightMs);
    return () => clearTimeout(timer);
  }, [targetId, isTargetShown]);

  return { highlightedId: isTargetShown && fadedId !== targetId ? targetId : null };
}
