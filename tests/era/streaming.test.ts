import { readEraFile, readTransactions } from "@/lib/era";
import { asyncChunks, byteByByte, fixtureBytes, interchange, payment, randomChunks, readFixture, transaction } from "./support";

/*
 * The reader streams: however the bytes arrive (one at a time, in odd sizes, as a Request body)
 * it reads the same file, and it hands out a transaction before it has read the rest.
 */

const FIXTURE_NAMES = [
  "affect-interest-l6-unbalanced.txt",
  "affect-nevada-medicaid-3st.txt",
  "keiron-bcbsnc-no-envelope.txt",
  "lfh-managed-care.835",
  "lfh-medicare-part-a.835",
  "lfh-secondary-payment.835",
  "oopfactory-5010-example1-reversals.txt",
  "pyx12-835id-reversal-correction.835",
];

describe.each(FIXTURE_NAMES)("%s", (name) => {
  it("reads the same one byte at a time as in one chunk", async () => {
    const whole = await readFixture(name);
    expect(await readEraFile(asyncChunks(byteByByte(fixtureBytes(name))))).toEqual(whole);
  });

  it("reads the same in random chunk sizes", async () => {
    const whole = await readFixture(name);
    for (const seed of [1, 2, 3, 42, 2026]) {
      expect(await readEraFile(asyncChunks(randomChunks(fixtureBytes(name), seed)))).toEqual(whole);
    }
  });
});

it("decodes a UTF-8 character split across two chunks", async () => {
  const body = payment("T1").map((segment) => segment.replace("ACME HEALTH PLAN", "SALUD GARCÍA"));
  const bytes = Buffer.from(interchange(transaction("0001", body)));
  const split = bytes.indexOf(Buffer.from("Í")) + 1; // between the two bytes of Í
  const file = await readEraFile([bytes.subarray(0, split), bytes.subarray(split)]);
  expect(file.transactions[0]!.payer?.name).toBe("SALUD GARCÍA");
});

it("reads a Request body (a web ReadableStream), as the API will", async () => {
  const request = new Request("http://localhost/api/integrations/era", { method: "POST", body: new Uint8Array(fixtureBytes("lfh-managed-care.835")) });
  const file = await readEraFile(request.body!);
  expect(file).toEqual(await readFixture("lfh-managed-care.835"));
});

it("accepts text chunks as well as bytes", async () => {
  const text = fixtureBytes("lfh-medicare-part-a.835").toString("utf8");
  expect(await readEraFile([text.slice(0, 500), text.slice(500)])).toEqual(await readFixture("lfh-medicare-part-a.835"));
});

it("yields the first transaction before the rest of the source is read", async () => {
  const bytes = fixtureBytes("affect-nevada-medicaid-3st.txt");
  let delivered = 0;
  async function* counted() {
    for (const chunk of randomChunks(bytes, 7, 64)) {
      delivered += chunk.length;
      yield chunk;
    }
  }
  const transactions = readTransactions(counted());
  const first = await transactions.next();
  expect(first.done).toBe(false);
  if (!first.done) expect(first.value.controlNumber).toBe("0001");
  // The first ST…SE ends about a third of the way into the file.
  expect(delivered).toBeLessThan(bytes.length / 2);
  const rest = [];
  for await (const next of transactions) rest.push(next.controlNumber);
  expect(rest).toEqual(["0002", "0003"]);
  expect(delivered).toBe(bytes.length);
});

it("reads a generated 20,000-claim file fed segment by segment, never as one string", async () => {
  const claims = 20_000;
  async function* generated() {
    yield "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*^*00501*000000001*0*P*:~\n";
    yield "GS*HP*SENDER*RECEIVER*20260301*1200*1*X*005010X221A1~ST*835*0001~";
    yield `BPR*I*${claims}.00*C*ACH************20260302~TRN*1*BIG1*1234567890~N1*PR*ACME~N1*PE*DEMO*XX*1234567893~LX*1~`;
    for (let index = 0; index < claims; index += 1) {
      yield `CLP*C${index}*1*2.00*1.00**12*P${index}~NM1*QC*1*DOE*JANE****MI*M${index}~SVC*HC:97110*2.00*1.00**1~DTM*472*20260215~CAS*CO*45*1.00~`;
    }
    yield `SE*${claims * 5 + 7}*0001~GE*1*1~IEA*1*000000001~`;
  }
  const file = await readEraFile(generated());
  const only = file.transactions[0]!;
  expect(only.claims).toHaveLength(claims);
  expect(only.balance).toMatchObject({ paymentCents: claims * 100, claimsPaidCents: claims * 100, balanced: true });
  expect(only.notes).toEqual([]);
});
