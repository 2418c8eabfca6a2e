import { readEraFile } from "@/lib/era";
import { ledgerAdjustments, write835, type RemittanceToWrite } from "@/lib/era/write";

/* The 835 writer's contract, with the file written out by hand. */

const REMITTANCE: RemittanceToWrite = {
  controlNumber: 42,
  payer: { name: "Aetna", ediPayerId: "60054" },
  payee: { name: "Demo Physical Therapy", npi: "1234567893", taxId: "861234567" },
  method: "eft",
  paymentDate: "2026-03-27",
  traceNumber: "EFT100234",
  claims: [
    {
      claimNumber: "C00000007",
      filingIndicator: "CI",
      payerClaimControlNumber: "600540000000007",
      patient: { lastName: "O'Brien", firstName: "Zoë", memberId: "1100042" },
      serviceLines: [
        {
          cptCode: "97110",
          modifiers: ["GP"],
          units: 3,
          chargedCents: 15600,
          paidCents: 8920,
          dateOfService: "2026-03-02",
          adjustments: ledgerAdjustments({ adjustmentCents: 4680, adjustmentReason: "CO-45", patientRespCents: 2000 }),
        },
        {
          cptCode: "97014",
          modifiers: [],
          units: 1,
          chargedCents: 2400,
          paidCents: 1680,
          dateOfService: "2026-03-02",
          adjustments: ledgerAdjustments({ adjustmentCents: 720, adjustmentReason: "CO-45", patientRespCents: 0 }),
        },
      ],
    },
    {
      claimNumber: "C00000008",
      filingIndicator: "CI",
      payerClaimControlNumber: "600540000000008",
      patient: { lastName: "Begay", firstName: "Mateo", memberId: "1100043" },
      serviceLines: [
        {
          cptCode: "97140",
          modifiers: ["GP", "59"],
          units: 1,
          chargedCents: 4800,
          paidCents: 0,
          dateOfService: "2026-03-03",
          adjustments: [{ group: "CO", reason: "50", amountCents: 4800 }],
        },
      ],
    },
  ],
  providerAdjustments: [{ reasonCode: "L6", reference: "C00000007", amountCents: -317 }],
};

const EXPECTED = `ISA*00*          *00*          *ZZ*60054          *ZZ*1234567893     *260327*1200*^*00501*000000042*0*P*:~
GS*HP*60054*1234567893*20260327*1200*42*X*005010X221A1~
ST*835*0001*005010X221A1~
BPR*I*109.17*C*ACH*CCP*01*011000015*DA*0001234567*1000060054**01*122105155*DA*0009876543*20260327~
TRN*1*EFT100234*1000060054~
DTM*405*20260327~
N1*PR*Aetna*XV*60054~
N1*PE*Demo Physical Therapy*XX*1234567893~
REF*TJ*861234567~
LX*1~
CLP*C00000007*1*180.00*106.00*20.00*CI*600540000000007*11*1~
NM1*QC*1*O'Brien*Zoë****MI*1100042~
SVC*HC:97110:GP*156.00*89.20**3~
DTM*472*20260302~
CAS*CO*45*46.80~
CAS*PR*3*20.00~
SVC*HC:97014*24.00*16.80**1~
DTM*472*20260302~
CAS*CO*45*7.20~
CLP*C00000008*4*48.00*0.00*0.00*CI*600540000000008*11*1~
NM1*QC*1*Begay*Mateo****MI*1100043~
SVC*HC:97140:GP:59*48.00*0.00**1~
DTM*472*20260303~
CAS*CO*50*48.00~
PLB*1234567893*20261231*L6:C00000007*-3.17~
SE*24*0001~
GE*1*42~
IEA*1*000000042~
`;

describe("write835", () => {
  it("writes the remittance segment by segment, one per line", () => {
    expect(write835(REMITTANCE)).toBe(EXPECTED);
  });

  it("reads back as written: balanced, no notes, the same claims and amounts", async () => {
    const { transactions } = await readEraFile([write835(REMITTANCE)]);
    expect(transactions).toHaveLength(1);
    const [transaction] = transactions;
    expect(transaction!.refusals).toEqual([]);
    expect(transaction!.notes).toEqual([]);
    expect(transaction!.balance).toMatchObject({ paymentCents: 10917, claimsPaidCents: 10600, providerAdjustmentsCents: -317, balanced: true });
    expect(transaction!.claims.map((c) => [c.patientControlNumber, c.status, c.chargedCents, c.paidCents, c.patientResponsibilityCents])).toEqual([
      ["C00000007", "1", 18000, 10600, 2000],
      ["C00000008", "4", 4800, 0, 0],
    ]);
    expect(transaction!.claims[1]!.serviceLines[0]!.procedure).toEqual({ qualifier: "HC", code: "97140", modifiers: ["GP", "59"] });
  });

  it("writes a check as CHK with its date in BPR16", () => {
    const text = write835({ ...REMITTANCE, method: "check", providerAdjustments: [] });
    expect(text).toContain("\nBPR*C*106.00*C*CHK************20260327~\n");
    expect(text).not.toContain("PLB");
  });

  it("refuses a value holding a delimiter, and amounts that are not whole cents", () => {
    expect(() => write835({ ...REMITTANCE, traceNumber: "EFT*1" })).toThrow(/delimiter/);
    expect(() => write835({ ...REMITTANCE, providerAdjustments: [{ reasonCode: "L6", amountCents: 3.5 }] })).toThrow(/whole number of cents/);
  });
});
