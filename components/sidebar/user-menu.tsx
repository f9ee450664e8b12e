"use client";

import { goToLogin } from "@/lib/client/go-to-login";
import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { ChevronsUpDown, LogOut, Settings } from "lucide-react";
import { logOut } from "@/lib/client/api";
import { describeError } from "@/lib/client/http";

export function UserMenu({ email, onNavigate }: { email: string; onNavigate?: () => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const [isSigningOut, setIsSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!isOpen) return;
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setIsOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePointer);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePointer);
  }, [isOpen]);

  async function signOut() {
    setIsSigningOut(true);
    setError(null);
    try {
      await logOut();
      goToLogin();
    } catch (caught) {
      setError(describeError(caught));
      setIsSigningOut(false);
    }
  }

  return (
    <div
      ref={containerRef}
      className="relative"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !isOpen) return;
        event.preventDefault();
        setIsOpen(false);
        toggleRef.current?.focus();
      }}
    >
      {isOpen && (
        <div id={menuId} className="absolute right-0 bottom-full left-0 mb-2 rounded-xl border border-line bg-page p-1 shadow-lg">
          <p className="truncate px-3 py-2 text-xs text-text-muted">Signed in as {email}</p>
          <Link
            href="/settings"
            autoFocus
            onClick={() => {
              setIsOpen(false);
              onNavigate?.();
            }}
            className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-sm hover:bg-raised"
          >
            <Settings className="size-4" aria-hidden />
            Settings
          </Link>
          <button
            type="button"
            onClick={signOut}
            disabled={isSigningOut}
            className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-sm hover:bg-raised disabled:opacity-60"
          >
            <LogOut className="size-4" aria-hidden />
            {isSigningOut ? "Signing out…" : "Sign out"}
          </button>
          {error && (
            <p role="alert" className="px-3 pb-2 text-xs text-danger">
              {error}
            </p>
          )}
        </div>
      )}
      <button
        ref={toggleRef}
        type="button"
        aria-label="Account menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => setIsOpen((open) => !open)}
        className="flex w-full items-center gap-3 rounded-lg px-2 py-2 text-left hover:bg-raised"
      >
        <span
          aria-hidden
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-accent text-sm font-semibold text-accent-text uppercase"
        >
          {email.charAt(0)}
        </span>
        <span className="min-w-0 flex-1 truncate text-sm">{email}</span>
        <ChevronsUpDown className="size-4 shrink-0 text-text-muted" aria-hidden />
      </button>
    </div>
  );
}
