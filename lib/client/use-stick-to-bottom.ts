import { useCallback, useEffect, useRef, useState } from "react";

/** How close to the end still counts as "at the latest message". */
const bottomSlackPx = 32;

/**
 * Keeps a scroll container pinned to its end while its content grows, until the person scrolls
 * up; scrolling back down (or `scrollToBottom`) pins it again.
 */
export function useStickToBottom<Scroller extends HTMLElement, Content extends HTMLElement>() {
  const scrollerRef = useRef<Scroller>(null);
  const contentRef = useRef<Content>(null);
  const isPinnedRef = useRef(true);
  const [isPinned, setIsPinned] = useState(true);

  const setPinned = useCallback((pinned: boolean) => {
    isPinnedRef.current = pinned;
    setIsPinned(pinned);
  }, []);

  useEffect(() => {
    const scroller = scrollerRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    let lastScrollTop = scroller.scrollTop;

    const handleScroll = () => {
      const distanceFromBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
      const movedUp = scroller.scrollTop < lastScrollTop;
      lastScrollTop = scroller.scrollTop;
      if (movedUp && distanceFromBottom > 1) setPinned(false);
      else if (distanceFromBottom <= bottomSlackPx) setPinned(true);
    };
    const followContent = () => {
      if (isPinnedRef.current) scroller.scrollTop = scroller.scrollHeight;
    };

    const observer = new ResizeObserver(followContent);
    observer.observe(content);
    scroller.addEventListener("scroll", handleScroll, { passive: true });
    return () => {
      observer.disconnect();
      scroller.removeEventListener("scroll", handleScroll);
    };
  }, [setPinned]);

  const scrollToBottom = useCallback(
    (behavior: ScrollBehavior = "auto") => {
      setPinned(true);
      scrollerRef.current?.scrollTo({ top: scrollerRef.current.scrollHeight, behavior });
    },
    [setPinned],
  );

  /** Centres `element` and stops following new content, so a jump to an earlier message holds. */
  const scrollToElement = useCallback(
    (element: HTMLElement) => {
      setPinned(false);
      element.scrollIntoView({ block: "center" });
    },
    [setPinned],
  );

  return { scrollerRef, contentRef, isPinned, scrollToBottom, scrollToElement };
}
