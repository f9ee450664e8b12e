import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-medium text-text-muted">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <Link href="/chat" className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-text hover:opacity-90">
        Go to your chats
      </Link>
    </main>
  );
}
