import { parseCents } from "@/lib/era";
import { parseX12Date, splitComposite } from "@/lib/era/values";

describe("parseCents: X12 decimal text to integer cents, exactly", () => {
  it.each([
    ["1922.86", 192_286],
    ["-42.58", -4_258],
    ["5", 500],
    ["1.5", 150],
    [".5", 50],
    ["0.10", 10],
    ["12.500", 1_250],
    ["-0", 0],
    ["000123.4", 12_340],
    ["9999999999999.99", 999_999_999_999_999],
  ])("%s → %i", (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(["", "-", ".", "1,222.00", "1e3", "+5", "12.505", "0.001", "$5.00", " 5", "5-", "10000000000000.00", "NaN", "amount"])(
    "%j is not an amount",
    (text) => {
      expect(parseCents(text)).toBeNull();
    },
  );

  it("adds up without float drift: 0.1 + 0.2 is 30 cents", () => {
    expect(parseCents("0.1")! + parseCents("0.2")!).toBe(30);
    expect(["1057.86", "865"].map((text) => parseCents(text)!).reduce((a, b) => a + b)).toBe(192_286);
  });
});

describe("parseX12Date", () => {
  it.each([
    ["20020913", "2002-09-13"],
    ["20240229", "2024-02-29"],
  ])("%s → %s", (text, iso) => expect(parseX12Date(text)).toBe(iso));

  it.each(["20002316", "20230229", "2002091", "020913", "18991231", "30000101", "2002-09-13", ""])("%j is not a date", (text) => {
    expect(parseX12Date(text)).toBeNull();
  });
});

describe("splitComposite", () => {
  it("splits on the declared component separator", () => {
    expect(splitComposite("HC:99213:59:GP", ":")).toEqual(["HC", "99213", "59", "GP"]);
    expect(splitComposite("CV:CP", ":")).toEqual(["CV", "CP"]);
    expect(splitComposite("resnCode>adjID", ">")).toEqual(["resnCode", "adjID"]);
  });

  it("recognises another separator after the two-character qualifier, as some payers write SVC01", () => {
    expect(splitComposite("HC>12345>26", ":")).toEqual(["HC", "12345", "26"]);
  });

  it("leaves a single code whole", () => {
    expect(splitComposite("CS", ":")).toEqual(["CS"]);
    expect(splitComposite("L6", ":")).toEqual(["L6"]);
    expect(splitComposite("WO 123", ":")).toEqual(["WO 123"]);
  });
});
