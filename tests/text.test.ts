import { controlCharacterProblem, hasControlCharacter } from "@/lib/text";

describe("text fields", () => {
  it("accepts ordinary text, tabs, line breaks and right-to-left letters", () => {
    for (const text of ["CHK 1042", "a\tb\r\nc", "García", "\u05e9\u05dc\u05d5\u05dd", ""]) {
      expect(hasControlCharacter(text)).toBe(false);
      expect(controlCharacterProblem(text)).toBeNull();
    }
  });

  it("refuses C0 controls and DEL as control characters", () => {
    for (const text of ["50\u000002", "a\u001bb", "x\u007f"]) {
      expect(hasControlCharacter(text)).toBe(true);
      expect(controlCharacterProblem(text)).toBe("control characters");
    }
  });

  it.each([
    ["\u202a", "202A"],
    ["\u202b", "202B"],
    ["\u202c", "202C"],
    ["\u202d", "202D"],
    ["\u202e", "202E"],
    ["\u2066", "2066"],
    ["\u2067", "2067"],
    ["\u2068", "2068"],
    ["\u2069", "2069"],
    ["\u200e", "200E"],
    ["\u200f", "200F"],
    ["\u061c", "061C"],
  ])("refuses the bidirectional control %j, naming U+%s", (control, code) => {
    const text = `REF${control}123`;
    expect(hasControlCharacter(text)).toBe(true);
    expect(controlCharacterProblem(text)).toBe(`text-direction control characters (U+${code})`);
  });
});
