import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/client/format-bytes";

describe("formatBytes", () => {
  it("reads as people say sizes", () => {
    expect([0, 512, 1024, 14 * 1024 + 300, 3.24 * 1024 * 1024, 4 * 1024 * 1024, 2 * 1024 ** 3].map(formatBytes)).toEqual([
      "0 B",
      "512 B",
      "1 KB",
      "14 KB",
      "3.2 MB",
      "4 MB",
      "2 GB",
    ]);
  });
});
