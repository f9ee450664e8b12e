export function SettingsSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading settings" className="flex flex-col gap-6">
      <div className="h-5 w-32 animate-pulse rounded bg-raised" />
      <div className="h-10 w-full animate-pulse rounded-lg bg-raised" />
      <div className="h-28 w-full animate-pulse rounded-lg bg-raised" />
      <div className="h-6 w-2/3 animate-pulse rounded bg-raised" />
      <div className="h-5 w-32 animate-pulse rounded bg-raised" />
      <div className="h-16 w-full animate-pulse rounded-lg bg-raised" />
    </div>
  );
}
