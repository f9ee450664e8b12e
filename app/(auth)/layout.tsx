import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-panel px-4 py-10">
      <div className="mb-8 text-center">
        <p className="text-3xl font-semibold tracking-tight">Mneme</p>
        <p className="mt-1 text-sm text-text-muted">The assistant that remembers.</p>
      </div>
      <div className="w-full max-w-sm rounded-2xl border border-line bg-page p-6 shadow-sm sm:p-8">{children}</div>
    </main>
  );
}
