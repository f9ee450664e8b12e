import { describe, expect, it } from "vitest";
import { attachmentHeaders } from "@/lib/documents/file-response";

describe("attachmentHeaders", () => {
  it("always a download, never sniffed, sandboxed, with the name in both forms", () => {
    const headers = attachmentHeaders({ name: "Rapport d'été (final).pdf", mimeType: "application/pdf", bytes: 10 });
    expect(headers["content-disposition"]).toBe(`attachment; filename="Rapport d'_t_ (final).pdf"; filename*=UTF-8''Rapport%20d%27%C3%A9t%C3%A9%20%28final%29.pdf`);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["content-security-policy"]).toMatch(/(^|; )sandbox($|;)/);
    expect(headers["content-type"]).toBe("application/pdf");
    expect(attachmentHeaders({ name: "a.md", mimeType: "text/markdown", bytes: 1 })["content-type"]).toBe("text/markdown; charset=utf-8");
  });
});
