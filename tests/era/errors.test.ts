import { EraFileError, isPostable, readEraFile, refusalReason } from "@/lib/era";
import { fileError, fixtureBytes, interchange, payment, transaction } from "./support";

/*
 * What makes a whole file unreadable (EraFileError → 422 {"error", "segment"}), and what refuses
 * only the transaction it is in, so that its neighbours still post.
 */

const lfh = () => fixtureBytes("lfh-managed-care.835").toString("utf8");
const nevada = () => fixtureBytes("affect-nevada-medicaid-3st.txt").toString("utf8");

describe("a file that cannot be read at all", () => {
  it.each([
    ["an empty file", "", 1, "the file is empty"],
    ["only whitespace and a BOM", "\ufeff \r\n\t", 1, "the file is empty"],
    ["text that is not X12", "Dear provider, please find your remittance attached.", 1, /does not start with an ISA or ST segment: it starts with "Dear provider, pleas"/],
    ["a PDF", "%PDF-1.7\n%\u00e2\u00e3", 1, /does not start with an ISA or ST/],
    ["two characters", "IS", 1, /does not start with an ISA or ST/],
  ])("%s", async (_, text, segment, reason) => {
    const error = await fileError(text);
    expect(error.segment).toBe(segment);
    expect(error.reason).toEqual(typeof reason === "string" ? reason : expect.stringMatching(reason));
  });

  it("an ISA cut short by the end of the file", async () => {
    const error = await fileError(lfh().slice(0, 60));
    expect(error).toBeInstanceOf(EraFileError);
    expect([error.segment, error.reason]).toEqual([1, "the file ends inside the ISA segment: it has fewer than 16 elements and no segment terminator"]);
    expect(error.message).toBe(`segment 1: ${error.reason}`);
  });

  it("an ISA missing elements, so that ISA16 falls inside the GS", async () => {
    const text = lfh().replace("*30*000000005      *30*12345          ", "");
    const error = await fileError(text);
    expect(error.segment).toBe(1);
    expect(error.reason).toMatch(/the ISA is truncated or malformed/);
  });

  it("a transaction whose SE never comes: the file ends inside it", async () => {
    const text = lfh().slice(0, lfh().indexOf("CLP*8765432112"));
    const error = await fileError(text);
    expect([error.segment, error.reason]).toEqual([3, "the file ends inside the transaction that starts here (ST02 112233): its SE is missing, so the file looks truncated"]);
  });

  it("a transaction whose SE is missing before the next ST", async () => {
    const text = nevada().replace("SE*22*0001~", "");
    const error = await fileError(text);
    expect([error.segment, error.reason]).toEqual([24, "ST inside the transaction that starts at segment 3 (ST02 0001): its SE is missing"]);
  });

  it("a file cut after an SE, before its GE and IEA: later transactions may be missing", async () => {
    const text = nevada().slice(0, nevada().indexOf("ST*835*0002"));
    const error = await fileError(text);
    expect([error.segment, error.reason]).toEqual([2, "the file ends before the GE of the functional group that starts here: the file looks truncated"]);
  });

  it("a segment outside any transaction: its ST was lost, and a payment with it", async () => {
    const text = nevada().replace("SE*22*0001~ST*835*0002~", "SE*22*0001~");
    const error = await fileError(text);
    expect([error.segment, error.reason]).toEqual([25, "BPR outside any ST…SE transaction: an ST is missing, and with it the payment this segment belongs to"]);
  });

  it("garbage between transactions", async () => {
    const text = nevada().replace("SE*22*0001~", "SE*22*0001~\u0000\u00ff\u0013garbage~");
    const error = await fileError(text);
    expect(error.segment).toBe(25);
    expect(error.reason).toMatch(/is not an X12 segment$/);
  });

  it("a transaction that is not an 835", async () => {
    const error = await fileError(lfh().replace("ST*835*112233", "ST*837*112233"));
    expect([error.segment, error.reason]).toEqual([3, 'ST01 is "837": this is not an 835 remittance']);
  });

  it("an envelope with no transaction in it", async () => {
    const text = lfh().slice(0, lfh().indexOf("ST*835")) + "GE*0*1~IEA*1*000000907~";
    const error = await fileError(text);
    expect([error.segment, error.reason]).toEqual([4, "the file holds no ST…SE transaction"]);
  });

  it("an SE with no ST, a GE with no GS, an IEA with no ISA", async () => {
    expect((await fileError("GS*HP*A*B*20260101*1200*1*X*005010X221A1~SE*2*1~")).reason).toBe("SE without an ST");
    expect((await fileError(lfh().replace(/GS\*[^~]*~/, ""))).reason).toBe("GE without a GS");
    const noIsa = lfh().slice(lfh().indexOf("GS*"));
    expect((await fileError(noIsa)).reason).toBe("IEA without an ISA");
  });

  it("a second ISA before the first interchange's IEA", async () => {
    const once = lfh();
    const error = await fileError(once.replace("GE*1*1~\nIEA*1*000000907~", "GE*1*1~\n") + "\n" + once);
    expect([error.segment, error.reason]).toEqual([30, "ISA inside the interchange that starts at segment 1: its IEA is missing"]);
  });

  it("random bytes", async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 131) % 256);
    const error = await fileError(bytes);
    expect(error.segment).toBe(1);
  });
});

describe("a problem inside one transaction refuses that transaction only", () => {
  it("an amount that is not an amount: CLP04 of the second transaction", async () => {
    const file = await readEraFile([nevada().replace("CLP*77777778*2*3002*0*", "CLP*77777778*2*3002*zero*")]);
    const [first, second, third] = file.transactions;
    expect(isPostable(first!)).toBe(true);
    expect(isPostable(third!)).toBe(true);
    expect(second!.refusals).toEqual([{ segment: 36, message: 'CLP04 "zero" is not an amount' }]);
    // Without that amount no balance can be stated; the other claim is still read.
    expect(second!.balance).toBeNull();
    expect(second!.claims.map((claim) => claim.patientControlNumber)).toEqual(["77777779"]);
    expect(refusalReason(second!)).toBe('segment 36: CLP04 "zero" is not an amount');
  });

  it("a CAS amount that cannot be read, and a CAS amount without a reason", async () => {
    const text = interchange(
      transaction("0001", payment("T1", { cas: "CAS*CO*45*thirty" })),
      transaction("0002", payment("T2", { cas: "CAS*CO**30.00" })),
      transaction("0003", payment("T3")),
    );
    const file = await readEraFile([text]);
    expect(file.transactions.map((t) => t.refusals)).toEqual([
      [{ segment: 15, message: 'CAS03 "thirty" is not an amount' }],
      [{ segment: 31, message: "CAS03 is an amount without a reason code in CAS02" }],
      [],
    ]);
    // A CAS does not enter BPR02's arithmetic: the balance is still stated.
    expect(file.transactions[0]!.balance?.balanced).toBe(true);
  });

  it("a stray line inside a transaction", async () => {
    const file = await readEraFile([interchange(transaction("0001", payment("T1", { extra: ["hello world"] })), transaction("0002", payment("T2")))]);
    expect(file.transactions[0]!.refusals).toEqual([{ segment: 17, message: '"hello world" is not an X12 segment' }]);
    expect(isPostable(file.transactions[1]!)).toBe(true);
  });

  it("claim detail before any claim", async () => {
    const body = payment("T1");
    body.splice(body.indexOf("LX*1") + 1, 0, "SVC*HC:97110*10.00*10.00");
    const file = await readEraFile([interchange(transaction("0001", body))]);
    expect(file.transactions[0]!.refusals).toEqual([{ segment: 11, message: "SVC before any CLP: claim detail must follow its claim" }]);
  });

  it("the detail of an unreadable claim is not given to the claim before it", async () => {
    const body = payment("T1", { extra: ["CLP*C1002*1*abc*0", "NM1*QC*1*ROE*RICHARD", "SVC*HC:97140*50.00*0", "CAS*CO*45*50.00"] });
    const file = await readEraFile([interchange(transaction("0001", body))]);
    const only = file.transactions[0]!;
    expect(only.refusals).toEqual([{ segment: 17, message: 'CLP03 "abc" is not an amount' }]);
    expect(only.claims).toHaveLength(1);
    expect(only.claims[0]!.serviceLines).toHaveLength(1);
    expect(only.claims[0]!.patient?.lastName).toBe("DOE");
  });

  it("no BPR, no TRN, no payer", async () => {
    const body = payment("T1").filter((segment) => !/^(BPR|TRN|N1\*PR)/.test(segment));
    const only = (await readEraFile([interchange(transaction("0001", body))])).transactions[0]!;
    expect(only.payment).toBeNull();
    expect(only.balance).toBeNull();
    expect(only.refusals.map((problem) => problem.message)).toEqual([
      "no BPR segment: the transaction states no payment",
      "no TRN02 trace number: without it this payment cannot be told apart from one already posted",
      "no N1*PR payer name",
    ]);
  });

  it("an SE that closes another ST", async () => {
    const segments = transaction("0001", payment("T1"));
    segments[segments.length - 1] = "SE*15*0009";
    const only = (await readEraFile([interchange(segments)])).transactions[0]!;
    expect(only.refusals).toEqual([{ segment: 18, message: 'SE02 "0009" does not close ST02 "0001" (segment 3)' }]);
  });
});

describe("reported, not refused", () => {
  it("a service line whose adjustments do not explain its charge", async () => {
    const only = (await readEraFile([interchange(transaction("0001", payment("T1", { cas: "CAS*CO*45*31.00" })))])).transactions[0]!;
    expect(isPostable(only)).toBe(true);
    expect(only.notes).toEqual([
      { segment: 11, message: "claim C1001: charged $150.00 ≠ paid $100.00 + adjustments $51.00 (difference -$1.00)" },
      { segment: 13, message: "service line 97110-GP of claim C1001: charged $150.00 ≠ paid $100.00 + adjustments $51.00 (difference -$1.00)" },
    ]);
  });

  it("BPR03 = D: the payer takes the money back, and the claims add up to minus BPR02", async () => {
    const body = payment("T1", { clp: "CLP*C1001*22*-150.00*-100.00*-20.00*12*PAYERCLAIM1", cas: "CAS*CO*45*-30.00" }).map((segment) =>
      segment
        .replace("BPR*I*90.00*C*", "BPR*I*110.00*D*")
        .replace("SVC*HC:97110:GP*150.00*100.00", "SVC*HC:97110:GP*-150.00*-100.00")
        .replace("CAS*PR*2*20.00", "CAS*PR*2*-20.00"),
    );
    const only = (await readEraFile([interchange(transaction("0001", body))])).transactions[0]!;
    expect(only.balance).toEqual({
      paymentCents: -11_000,
      claimsPaidCents: -10_000,
      providerAdjustmentsCents: 1_000,
      expectedCents: -11_000,
      differenceCents: 0,
      balanced: true,
    });
    expect(only.refusals).toEqual([]);
  });
});
