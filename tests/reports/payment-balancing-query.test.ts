import {
  groupDrillParams,
  parsePaymentBalancingQuery,
  validatePaymentBalancingQuery,
  withGrouping,
  withOpenToggled,
} from "@/lib/reports/payment-balancing/search-params";
import { filtersOutsideChoices } from "@/lib/reports/payment-balancing/filter-options";
import { validateQuery } from "@/lib/url/validators";

const TODAY = "2026-03-18";

function parse(search: string) {
  return parsePaymentBalancingQuery(new URLSearchParams(search), { today: TODAY });
}

function message(search: string): string | null {
  const result = parse(search);
  return result.ok ? null : result.message;
}

describe("Payment Balancing URL", () => {
  it("reads every filter, repeatable ones included", () => {
    const result = parse(
      "by=posting&from=2026-03-01&to=2026-03-31&location=3&location=5&poster=7&payer=12&payer=patient&payer_type=medicare" +
        "&method=check&method=eft&source=emr_integration&batch=B1&ref=1001&min=100.00&max=1,250.5&unbalanced=1&batch_state=closed" +
        "&group=poster&group=deposit_date&glance=day&sort=amount:desc&sort=poster&open=7&open=7~2026-03-02&page=2&size=150",
    );
    expect(result).toEqual({
      ok: true,
      value: {
        by: "posting",
        from: "2026-03-01",
        to: "2026-03-31",
        locations: [3, 5],
        posters: [7],
        payers: [12, "patient"],
        payerTypes: ["medicare"],
        methods: ["check", "eft"],
        sources: ["emr_integration"],
        batches: ["B1"],
        refs: ["1001"],
        depositDates: [],
        postingDates: [],
        minCents: 10000,
        maxCents: 125050,
        unbalanced: true,
        batchState: "closed",
        groups: ["poster", "deposit_date"],
        glance: "day",
        sort: [
          { column: "amount", direction: "desc" },
          { column: "poster", direction: "asc" },
        ],
        open: ["7", "7~2026-03-02"],
        page: 2,
        size: 150,
      },
    });
  });

  it("reads batch numbers typed in small letters in capitals, as batch numbers are written", () => {
    const result = parse("batch=b261123-p1-3&batch=Emr-mesa-20261101");
    expect(result.ok && result.value.batches).toEqual(["B261123-P1-3", "EMR-MESA-20261101"]);
  });

  it("defaults to deposit dates from the first of the month to today", () => {
    const result = parse("");
    expect(result.ok && [result.value.by, result.value.from, result.value.to, result.value.page, result.value.size]).toEqual([
      "deposit",
      "2026-03-01",
      TODAY,
      1,
      100,
    ]);
    const onlyTo = parse("to=2026-02-10");
    expect(onlyTo.ok && [onlyTo.value.from, onlyTo.value.to]).toEqual(["2026-02-01", "2026-02-10"]);
  });

  it.each([
    ["from=2026-02-30", `"from" must be a date like 2026-03-31, not "2026-02-30".`],
    ["from=2026-03-10&to=2026-03-01", `"from" (2026-03-10) is after "to" (2026-03-01).`],
    ["by=week", `"by" must be one of deposit, posting, not "week".`],
    ["by=deposit&by=posting", `Give "by" only once.`],
    ["location=abc", `"location" must be an id number, not "abc".`],
    ["payer=aetna", `"payer" must be a payer id or "patient", not "aetna".`],
    ["method=bitcoin", `"method" must be one of check, eft, credit_card, cash, other, not "bitcoin".`],
    ["min=ten", `"min" must be a dollar amount like 100.00, not "ten".`],
    ["min=20&max=10", `"min" is more than "max".`],
    ["group=patient", `"group" must be one of poster, deposit_date, posting_date, location, payer, payer_type, method, source, batch, not "patient".`],
    ["group=poster&group=poster", `Group by "poster" only once.`],
    ["sort=drop table", `"sort" must look like amount:desc, with a column among deposit_date, posted_at, poster, batch, location, payer, payer_type, method, reference_number, amount, applied, unapplied, source, batch_state; "drop table" is not one.`],
    ["sort=amount:sideways", expect.stringContaining(`"amount:sideways" is not one`)],
    ["open=7", `"open" needs a grouping ("group=…") to open.`],
    ["group=poster&open=7~check", `"open=7~check" has more levels than the grouping (poster).`],
    ["group=method&open=bitcoin", `"open=bitcoin": "bitcoin" is not a method key.`],
    ["size=5000", `"size" must be a number of rows from 1 to 200.`],
    ["page=0", `"page" must be a page number, not "0".`],
    ["batch=" + "x".repeat(80), expect.stringContaining("…")],
    ["from=0000-01-01", `"from" must be a date from 1900-01-01 to 2999-12-31, not "0000-01-01".`],
    ["by=posting&to=9999-12-31", `"to" must be a date from 1900-01-01 to 2999-12-31, not "9999-12-31".`],
    ["deposit_date=1899-12-31", `"deposit_date" must be a date from 1900-01-01 to 2999-12-31, not "1899-12-31".`],
    ["ref=10%0001", `"ref" must not contain control characters.`],
    ["ref=10%E2%80%AE01", `"ref" must not contain text-direction control characters (U+202E).`],
    ["location=2147483648", `"location" must be an id number, not "2147483648".`],
  ])("refuses %s with a clear message", (search, expected) => {
    expect(message(search)).toEqual(expected);
  });

  it("takes parameters named like built-in object properties for the unknown keys they are", () => {
    for (const input of [
      new URLSearchParams("constructor=1&__proto__=2&toString=3&hasOwnProperty=4&from=2026-03-02"),
      JSON.parse('{"constructor": "1", "__proto__": "2", "valueOf": ["3"], "from": "2026-03-02"}') as Record<string, string>,
    ]) {
      const result = parsePaymentBalancingQuery(input, { today: TODAY });
      expect(result.ok && [result.value.from, result.value.to]).toEqual(["2026-03-02", TODAY]);
    }
    expect(validatePaymentBalancingQuery(new URLSearchParams("constructor=1"))).toBeNull();
  });

  it("answers middleware with the same message (400) for both variants and their exports", () => {
    const bad = new URLSearchParams("from=2026-13-01");
    for (const path of ["/payments/balancing", "/payments/balancing/full-access", "/payments/balancing/export.csv"]) {
      expect(validateQuery(path, bad)).toBe(`"from" must be a date like 2026-03-31, not "2026-13-01".`);
    }
    expect(validatePaymentBalancingQuery(new URLSearchParams("group=poster"))).toBeNull();
  });

  it("edits the URL for grouping, expanding and opening a group's payments", () => {
    const params = new URLSearchParams("from=2026-03-01&group=poster&open=7&open=7~check&page=3&sort=amount:desc");
    expect(withGrouping(params, ["method", "poster"]).toString()).toBe("from=2026-03-01&sort=amount%3Adesc&group=method&group=poster");
    expect(withOpenToggled(params, "7").getAll("open")).toEqual([]);
    expect(withOpenToggled(params, "9").getAll("open")).toEqual(["7", "7~check", "9"]);
    const drill = groupDrillParams(new URLSearchParams("poster=7&poster=8&group=poster&group=method&open=7"), ["poster", "method"], "7~check");
    expect(drill.toString()).toBe("poster=7&method=check");
  });
});

describe("filters outside the filter bar's choices", () => {
  const options = {
    locations: [{ value: "3", label: "Mesa Clinic" }],
    posters: [{ value: "7", label: "Pat Poster" }],
    payers: [
      { value: "12", label: "Aetna" },
      { value: "patient", label: "Patient payments" },
    ],
  };

  it("names each location, poster and payer of the URL that is not a choice", () => {
    const result = parse("location=3&location=999&poster=6&payer=12&payer=patient&payer=40");
    expect(result.ok && filtersOutsideChoices(result.value, options)).toEqual(["Location 999", "Poster 6", "Payer 40"]);
  });

  it("names none when every filter is a choice", () => {
    const result = parse("location=3&poster=7&payer=patient");
    expect(result.ok && filtersOutsideChoices(result.value, options)).toEqual([]);
  });
});
