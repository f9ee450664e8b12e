import Link from "next/link";
import { Link2Off, Clock } from "lucide-react";
import type { ReactNode } from "react";
import { primaryButtonClass } from "@/components/ui/button-styles";

function SharedLinkState({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6 text-center">
      <span className="text-text-muted">{icon}</span>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="max-w-sm text-sm text-text-muted">{children}</p>
      <Link href="/chat" className={primaryButtonClass}>
        Go to Mneme
      </Link>
    </main>
  );
}

export function SharedLinkGone() {
  return (
    <SharedLinkState icon={<Link2Off className="size-8" aria-hidden />} title="This link does not work">
      The shared chat may have been removed by the person who shared it, or the link is not complete.
    </SharedLinkState>
  );
}

export function SharedLinkBusy() {
  return (
    <SharedLinkState icon={<Clock className="size-8" aria-hidden />} title="Too many requests">
      Shared chats were opened very often from your network just now. Wait a minute and reload the page.
    </SharedLinkState>
  );
}
