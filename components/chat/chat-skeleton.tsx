export function ChatSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading messages" className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-8 px-4 py-8">
      <div className="h-10 w-2/5 animate-pulse self-end rounded-2xl bg-raised" />
      <div className="flex flex-col gap-2">
        <div className="h-4 w-11/12 animate-pulse rounded bg-raised" />
        <div className="h-4 w-4/5 animate-pulse rounded bg-raised" />
        <div className="h-4 w-3/5 animate-pulse rounded bg-raised" />
      </div>
      <div className="h-10 w-1/3 animate-pulse self-end rounded-2xl bg-raised" />
      <div className="flex flex-col gap-2">
        <div className="h-4 w-10/12 animate-pulse rounded bg-raised" />
        <div className="h-4 w-2/3 animate-pulse rounded bg-raised" />
      </div>
    </div>
  );
}
