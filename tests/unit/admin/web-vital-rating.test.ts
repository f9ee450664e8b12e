import { describe, expect, it } from "vitest";
import { rateWebVital } from "@/lib/admin/web-vital-rating";

describe("rateWebVital", () => {
  it("rates at web.dev's thresholds, the boundary counting as the better side", () => {
    expect(rateWebVital("LCP", 2500)).toBe("good");
    expect(rateWebVital("LCP", 2501)).toBe("needs-improvement");
    expect(rateWebVital("LCP", 4000)).toBe("needs-improvement");
    expect(rateWebVital("LCP", 4001)).toBe("poor");
    expect(rateWebVital("INP", 200)).toBe("good");
    expect(rateWebVital("INP", 501)).toBe("poor");
    expect(rateWebVital("CLS", 0.1)).toBe("good");
    expect(rateWebVital("CLS", 0.2)).toBe("needs-improvement");
    expect(rateWebVital("CLS", 0.26)).toBe("poor");
    expect(rateWebVital("FCP", 1900)).toBe("needs-improvement");
    expect(rateWebVital("TTFB", 1801)).toBe("poor");
  });
});
