import { describe, expect, it } from "vitest";
import { expectError } from "../support/client";
import { sendRaw } from "../support/raw-http";
import { setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();

/** Sent as bytes: fetch would re-encode these targets or refuse them. */
async function send(method: string, target: string) {
  const response = await sendRaw(app.baseUrl, { method, target, headers: [["x-request-id", "trace-conventions-1"]] });
  const json = /^application\/json/.test(response.headers.get("content-type") ?? "") ? JSON.parse(response.text) : null;
  return { ...response, json };
}

describe("answers every API path gets, whatever the route", () => {
  it.each(["/api/chats/%ff%fe", "/api/chats/%zz", "/api/feedback/votes/%E0%A4%A", "/api/health%ff", "/api/no-such-route/%"])(
    "%s is not percent-encoded UTF-8: 404 in the JSON error shape, with the request id and the API's headers",
    async (target) => {
      for (const method of ["GET", "DELETE"]) {
        const response = await send(method, target);
        expectError(response, 404, "not_found");
        expect(response.headers.get("x-request-id")).toBe("trace-conventions-1");
        expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
      }
    },
  );

  it("a path with a well-formed escape still reaches its route", async () => {
    expectError(await send("GET", "/api/chats/%E2%9C%93"), 401, "unauthorized");
  });

  it.each([
    ["/api/chats", "GET, POST"],
    ["/api/auth/login", "POST"],
    ["/api/chats/6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11", "GET, PATCH, DELETE"],
    ["/api/shares/6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11", "DELETE"],
    ["/api/share/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "GET"],
    ["/api/no-such-route", "GET, POST, PUT, PATCH, DELETE"],
  ])("OPTIONS %s answers 204 with the route's own methods and the request id", async (target, allow) => {
    const response = await send("OPTIONS", target);
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe(allow);
    expect(response.headers.get("x-request-id")).toBe("trace-conventions-1");
  });
});
