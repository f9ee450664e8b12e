import { expect } from "vitest";

/** A reply stream's events, as the route tests read them. */
export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

export const deltasOf = (events: StreamEvent[]) => events.filter((event) => event.event === "delta").map((event) => event.data as { text: string; offset: number });

/** Offsets prove nothing was missed or repeated: each delta starts where the text so far ends. */
export function joinContiguous(start: string, deltas: { text: string; offset: number }[]): string {
  let text = start;
  for (const delta of deltas) {
    expect(delta.offset).toBe(text.length);
    text += delta.text;
  }
  return text;
}
