import { describe, expect, it } from "vitest";
import { chooseModel } from "@/lib/client/use-models";

const offered = {
  models: [
    { id: "gpt-4.1-mini", label: "GPT-4.1 mini", inputPerMTok: 0.4, outputPerMTok: 1.6 },
    { id: "gpt-4.1", label: "GPT-4.1", inputPerMTok: 2, outputPerMTok: 8 },
  ],
  default: "gpt-4.1-mini",
};

describe("chooseModel", () => {
  it("takes the pick made in this session over the default model from settings", () => {
    expect(chooseModel(offered, ["gpt-4.1-mini", "gpt-4.1"])).toBe("gpt-4.1-mini");
  });

  it("takes the default model from settings when nothing was picked", () => {
    expect(chooseModel(offered, [null, "gpt-4.1"])).toBe("gpt-4.1");
  });

  it("falls back to the server's default when neither is offered any more", () => {
    expect(chooseModel(offered, ["gpt-3", "offline"])).toBe("gpt-4.1-mini");
    expect(chooseModel(offered, [null, undefined])).toBe("gpt-4.1-mini");
  });
});
