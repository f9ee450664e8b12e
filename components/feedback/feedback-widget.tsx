"use client";

import { useEffect, useState } from "react";
import { usePathname } from "next/navigation";
import { MessageSquareText } from "lucide-react";
import { FeedbackDialog } from "./feedback-dialog";

/** Feedback needs a signed-in person (API.md); the sign-in pages have none. */
const signedOutPaths = new Set(["/login", "/signup"]);
const confirmationMs = 4000;

/** The feedback button on every page, with its dialog and the confirmation after sending. */
export function FeedbackWidget() {
  const pathname = usePathname();
  const [isOpen, setIsOpen] = useState(false);
  const [confirmation, setConfirmation] = useState("");

  useEffect(() => {
    if (!confirmation) return;
    const timer = setTimeout(() => setConfirmation(""), confirmationMs);
    return () => clearTimeout(timer);
  }, [confirmation]);

  if (signedOutPaths.has(pathname)) return null;

  return (
    <>
      <button
        type="button"
        aria-label="Send feedback"
        title="Send feedback"
        aria-haspopup="dialog"
        onClick={() => setIsOpen(true)}
        className="fixed top-1/2 right-0 z-20 flex -translate-y-1/2 items-center gap-1.5 rounded-l-lg border border-r-0 border-line bg-page px-2 py-2 text-text-muted shadow-sm hover:bg-raised hover:text-text md:[writing-mode:vertical-rl] md:px-1.5 md:py-3 md:text-xs md:font-medium"
      >
        <MessageSquareText className="size-4" aria-hidden />
        <span className="hidden md:inline">Feedback</span>
      </button>
      <FeedbackDialog
        isOpen={isOpen}
        page={pathname}
        onClose={() => setIsOpen(false)}
        onSent={() => {
          setIsOpen(false);
          setConfirmation("Thanks! Your feedback was sent.");
        }}
      />
      <div role="status" className="pointer-events-none fixed inset-x-0 bottom-24 z-50 flex justify-center px-4">
        {confirmation && (
          <p className="rounded-full bg-accent px-4 py-2 text-sm font-medium text-accent-text shadow-lg">{confirmation}</p>
        )}
      </div>
    </>
  );
}
