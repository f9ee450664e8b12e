const block = "animate-pulse rounded-xl bg-raised";

/** The overview's shape while it loads: figure cards, the two tables, vitals, then the two lists. */
export function AdminSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the overview" className="flex flex-col gap-8">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {Array.from({ length: 5 }, (_, index) => (
          <div key={index} className={`h-20 ${block}`} />
        ))}
      </div>
      <div className={`h-48 ${block}`} />
      <div className={`h-28 ${block}`} />
      <div className={`h-24 ${block}`} />
      <div className="grid gap-8 lg:grid-cols-2">
        <div className={`h-40 ${block}`} />
        <div className={`h-40 ${block}`} />
      </div>
    </div>
  );
}
