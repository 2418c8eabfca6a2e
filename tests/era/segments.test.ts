import { MAX_SEGMENT_LENGTH, readEraFile, readSegments, type Segment } from "@/lib/era";
import { fileError, fixtureBytes, interchange, payment, transaction } from "./support";

/* The X12 reader on its own: delimiters, whitespace between segments, ordinals. */

async function segmentsOf(source: Uint8Array | string): Promise<Segment[]> {
  const segments: Segment[] = [];
  for await (const segment of readSegments([source])) segments.push(segment);
  return segments;
}

it("reads the delimiters from the ISA: element after ISA, component ISA16, terminator after ISA16", async () => {
  const segments = await segmentsOf(fixtureBytes("affect-interest-l6-unbalanced.txt"));
  expect(segments[0]!.delimiters).toEqual({ element: "*", component: ">", segment: "~", source: "ISA" });
  expect(segments[0]!.elements).toHaveLength(17);
  expect(segments[0]!.elements[16]).toBe(">");
  expect(segments.map((segment) => segment.ordinal)).toEqual(segments.map((_, index) => index + 1));
  expect(segments).toHaveLength(168);
});

it("reads an ISA that is not fixed-width, in a file on one line", async () => {
  const segments = await segmentsOf(fixtureBytes("affect-nevada-medicaid-3st.txt"));
  expect(segments[0]!.elements.slice(0, 4)).toEqual(["ISA", "00", " ", "00"]);
  expect(segments[0]!.delimiters).toMatchObject({ element: "*", component: ":", segment: "~" });
  expect(segments.map((segment) => segment.id).slice(0, 4)).toEqual(["ISA", "GS", "ST", "BPR"]);
  expect(segments.at(-1)).toMatchObject({ id: "IEA", ordinal: 67 });
});

it("drops the BOM and skips CRLF and indentation between segments", async () => {
  const bytes = fixtureBytes("oopfactory-5010-example1-reversals.txt");
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const segments = await segmentsOf(bytes);
  expect(segments[0]!.id).toBe("ISA");
  expect(segments[1]!.elements).toEqual(["GS", "HP", "ASHTB", "01017", "20040315", "1005", "1", "X", "5010"]);
  expect(segments.every((segment) => /^[A-Z][A-Z0-9]{1,2}$/.test(segment.id))).toBe(true);
  expect(segments.at(-1)).toMatchObject({ id: "IEA", ordinal: 101 });
});

it("reads a BOM + CRLF file of its own the same as without them", async () => {
  const plain = interchange(transaction("0001", payment("T1")));
  const windows = `\ufeff${plain.replaceAll("\n", "\r\n")}`;
  expect(await readEraFile([Buffer.from(windows)])).toEqual(await readEraFile([plain]));
  expect(await readEraFile([windows])).toEqual(await readEraFile([plain]));
});

it("assumes the delimiters of a file with no envelope from its ST", async () => {
  const segments = await segmentsOf(fixtureBytes("keiron-bcbsnc-no-envelope.txt"));
  expect(segments[0]).toMatchObject({ id: "ST", elements: ["ST", "835", "1234"], ordinal: 1 });
  expect(segments[0]!.delimiters).toEqual({ element: "*", component: ":", segment: "~", source: "assumed" });
  expect(segments).toHaveLength(32);
});

it("reads a file whose segments end with line breaks instead of a terminator character", async () => {
  const isa = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*^*00501*000000001*0*P*:";
  const body = ["GS*HP*S*R*20260301*1200*1*X*005010X221A1", ...transaction("0001", payment("T1")), "GE*1*1", "IEA*1*000000001"];
  const file = await readEraFile([[isa, ...body].join("\r\n")]);
  expect(file.transactions[0]).toMatchObject({ traceNumber: "T1", refusals: [], notes: [] });
});

it("skips a doubled terminator rather than counting an empty segment", async () => {
  const text = interchange(transaction("0001", payment("T1")));
  const doubled = await segmentsOf(text.replaceAll("~", "~~"));
  expect(doubled.map((segment) => segment.elements)).toEqual((await segmentsOf(text)).map((segment) => segment.elements));
  expect(doubled.at(-1)!.ordinal).toBe(20);
});

it("reads a last segment that has no terminator", async () => {
  const text = interchange(transaction("0001", payment("T1"))).trimEnd().replace(/~$/, "");
  const segments = await segmentsOf(text);
  expect(segments.at(-1)!.elements).toEqual(["IEA", "1", "000000001"]);
});

it("reads two interchanges in one file, each with its own delimiters", async () => {
  const first = interchange(transaction("0001", payment("T1")));
  const second = interchange(transaction("0002", payment("T2")))
    .replaceAll("*", "|")
    .replace("|P|:~", "|P|^!")
    .replaceAll("~", "!")
    .replace("HC:97110:GP", "HC^97110^GP");
  const file = await readEraFile([first, second]);
  expect(file.transactions.map((t) => [t.traceNumber, t.claims[0]!.serviceLines[0]!.procedure.modifiers, t.refusals])).toEqual([
    ["T1", ["GP"], []],
    ["T2", ["GP"], []],
  ]);
  expect(file.transactions[1]!.segment).toBe(23);
});

it("refuses to buffer a segment longer than MAX_SEGMENT_LENGTH", async () => {
  const text = interchange(transaction("0001", payment("T1"))).replace("LX*1~", `LX*${"9".repeat(MAX_SEGMENT_LENGTH)}~`);
  const error = await fileError(text);
  expect(error.segment).toBe(10);
  expect(error.reason).toMatch(/no segment terminator \("~"\) in 65,536 characters/);
});
