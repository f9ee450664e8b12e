import type { UsageReport } from "@/lib/usage/types";

const height = 80;

/** A small SVG bar chart of requests per day, with each day's cost in its tooltip and in a table for screen readers. */
export function UsageChart({ daily }: { daily: UsageReport["daily"] }) {
  const max = Math.max(1, ...daily.map((day) => day.requests));
  const barWidth = 100 / Math.max(1, daily.length);
  return (
    <figure className="flex flex-col gap-2">
      <svg viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" className="h-24 w-full" aria-hidden data-testid="usage-chart">
        {daily.map((day, index) => {
          const barHeight = (day.requests / max) * (height - 2);
          return (
            <rect
              key={day.date}
              x={index * barWidth + barWidth * 0.15}
              y={height - barHeight}
              width={barWidth * 0.7}
              height={barHeight}
              className="fill-accent"
            >
              <title>{`${day.date}: ${day.requests} requests, $${day.costUsd.toFixed(4)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-xs text-text-muted">
        <span>{daily[0]?.date}</span>
        <span>Requests per day (peak {max})</span>
        <span>{daily.at(-1)?.date}</span>
      </figcaption>
      <table className="sr-only">
        <caption>Requests and cost per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Requests</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {daily.map((day) => (
            <tr key={day.date}>
              <td>{day.date}</td>
              <td>{day.requests}</td>
              <td>${day.costUsd.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
