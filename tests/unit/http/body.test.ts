import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readJson, readParams, readQuery } from "@/lib/http/body";

const schema = z.strictObject({ title: z.string().max(5).optional() });

const post = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://localhost/api/x", { method: "POST", body, headers });

async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error("expected an AppError");
}

describe("readJson", () => {
  it("parses a valid body", async () => {
    await expect(readJson(post('{"title":"hi"}'), schema)).resolves.toEqual({ title: "hi" });
  });

  it("reads an absent body as an empty object", async () => {
    await expect(readJson(post(null, {}), schema)).resolves.toEqual({});
  });

  it("answers 415 for a body that is not declared as JSON", async () => {
    expect(await codeOf(readJson(post('{"title":"hi"}', { "content-type": "text/plain" }), schema))).toBe("unsupported_media_type");
  });

  it("accepts JSON media types with parameters and suffixes", async () => {
    await expect(readJson(post("{}", { "content-type": "application/json; charset=utf-8" }), schema)).resolves.toEqual({});
    await expect(readJson(post("{}", { "content-type": "application/merge-patch+json" }), schema)).resolves.toEqual({});
  });

  it("answers 400 for malformed JSON", async () => {
    expect(await codeOf(readJson(post("{title:"), schema))).toBe("invalid_input");
  });

  it("answers 400 for unknown fields and out-of-range values, naming the field", async () => {
    await expect(readJson(post('{"title":"hi","admin":true}'), schema)).rejects.toThrow(/admin/);
    await expect(readJson(post('{"title":"too long"}'), schema)).rejects.toThrow(/title/);
  });

  it("answers 413 past the limit, whether or not the length is declared", async () => {
    const big = JSON.stringify({ title: "x".repeat(70_000) });
    expect(await codeOf(readJson(post(big), schema))).toBe("payload_too_large");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const undeclared = new Request("http://localhost/api/x", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await codeOf(readJson(undeclared, schema))).toBe("payload_too_large");
  });
});

describe("readQuery and readParams", () => {
  const query = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });

  it("coerces and defaults query values", () => {
    expect(readQuery(new Request("http://localhost/api/x?limit=5"), query)).toEqual({ limit: 5 });
    expect(readQuery(new Request("http://localhost/api/x"), query)).toEqual({ limit: 30 });
  });

  it("answers 400 for a bad query value", async () => {
    expect(await codeOf(() => readQuery(new Request("http://localhost/api/x?limit=0"), query))).toBe("invalid_input");
  });

  it("answers 404 for a malformed id, as for a missing row", async () => {
    expect(await codeOf(() => readParams({ id: "not-a-uuid" }, z.object({ id: z.uuid() })))).toBe("not_found");
  });
});
