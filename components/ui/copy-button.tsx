"use client";

import { useEffect, useState } from "react";
import { Check, Copy } from "lucide-react";

type CopyState = "idle" | "copied" | "failed";

const feedbackMs = 2000;
const stateText: Record<CopyState, string> = { idle: "Copy", copied: "Copied", failed: "Copy failed" };

interface CopyButtonProps {
  /** The accessible name, e.g. "Copy code"; stays the same while the visible text changes. */
  label: string;
  getText: () => string;
}

export function CopyButton({ label, getText }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), feedbackMs);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(getText());
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <button
      type="button"
      aria-label={label}
      onClick={copy}
      className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs text-text-muted hover:bg-raised hover:text-text"
    >
      {state === "copied" ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      <span aria-hidden>{stateText[state]}</span>
      <span role="status" className="sr-only">
        {state === "idle" ? "" : stateText[state]}
      </span>
    </button>
  );
}
