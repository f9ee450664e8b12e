"use client";

import { Star } from "lucide-react";
import { cn } from "@/lib/client/cn";

const stars = [1, 2, 3, 4, 5] as const;

/** Five radio buttons drawn as stars: arrow keys move between them, as in any radio group. */
export function StarRating({ value, onChange, legend }: { value: number | null; onChange: (rating: number) => void; legend: string }) {
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <div className="flex gap-1">
        {stars.map((star) => (
          <label
            key={star}
            className={cn(
              "cursor-pointer rounded-md p-1 hover:bg-raised",
              "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-ring",
            )}
          >
            <input
              type="radio"
              name="rating"
              value={star}
              checked={value === star}
              onChange={() => onChange(star)}
              className="sr-only"
            />
            <Star
              aria-hidden
              className={cn("size-7", value !== null && star <= value ? "fill-amber-400 text-amber-500" : "text-text-muted")}
            />
            <span className="sr-only">{star === 1 ? "1 star" : `${star} stars`}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
