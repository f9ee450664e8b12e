import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "@/lib/csv";

describe("csvCell", () => {
  it("neutralises text a spreadsheet would run as a formula (OWASP: = + - @ tab carriage return)", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+mallory@example.com")).toBe("'+mallory@example.com");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe(`"'\r=1+1"`);
  });

  it("leaves ordinary text and the app's numbers alone, and quotes commas, quotes and line breaks", () => {
    expect(csvCell("alice@example.com")).toBe("alice@example.com");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });

  it("is what every line of a CSV document goes through", () => {
    expect(toCsv(["email", "n"], [["=cmd", 1], ["bob@example.com", 2]])).toBe("email,n\n'=cmd,1\nbob@example.com,2\n");
  });
});
