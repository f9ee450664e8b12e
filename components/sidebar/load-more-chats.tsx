"use client";

import { useEffect, useEffectEvent, useRef } from "react";

interface LoadMoreChatsProps {
  isLoading: boolean;
  onLoadMore: () => void;
}

/** Loads the next page when scrolled into view; the button is there for keyboards and as a fallback. */
export function LoadMoreChats({ isLoading, onLoadMore }: LoadMoreChatsProps) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const loadMoreWhenVisible = useEffectEvent((entries: IntersectionObserverEntry[]) => {
    if (entries.some((entry) => entry.isIntersecting)) onLoadMore();
  });

  useEffect(() => {
    const button = buttonRef.current;
    if (!button || isLoading) return;
    const observer = new IntersectionObserver(loadMoreWhenVisible);
    observer.observe(button);
    return () => observer.disconnect();
  }, [isLoading]);

  return (
    <button
      ref={buttonRef}
      type="button"
      onClick={onLoadMore}
      disabled={isLoading}
      className="mx-3 my-2 rounded-lg py-1.5 text-sm text-text-muted hover:bg-raised hover:text-text disabled:opacity-60"
    >
      {isLoading ? "Loading…" : "Load more chats"}
    </button>
  );
}
