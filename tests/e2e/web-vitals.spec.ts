import { expect, test } from "../fixtures";

test("pages report their web vitals by beacon to /api/vitals, as a path without the query string", async ({ page }) => {
  const reported = page.waitForResponse((response) => response.url().endsWith("/api/vitals") && response.request().method() === "POST");
  await page.goto("/login?next=%2Fchat%3Fq%3Dprivate");
  const response = await reported;
  expect(response.status()).toBe(204);
  const report = JSON.parse(response.request().postData() ?? "") as Record<string, unknown>;
  expect(report).toEqual({
    name: expect.stringMatching(/^(LCP|INP|CLS|FCP|TTFB)$/),
    value: expect.any(Number),
    rating: expect.stringMatching(/^(good|needs-improvement|poor)$/),
    id: expect.any(String),
    page: "/login",
  });
});
