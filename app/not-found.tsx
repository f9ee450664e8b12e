import Link from "next/link";
import { primaryButtonClass } from "@/components/ui/button-styles";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-medium text-text-muted">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <Link href="/chat" className={primaryButtonClass}>
        Go to your chats
      </Link>
    </main>
  );
}
