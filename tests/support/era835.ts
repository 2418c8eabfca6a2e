/*
 * A one-transaction X12 835 written segment by segment, for tests whose amounts are worked
 * out by hand from the segments: ACME HEALTH (EDI id ACME1) pays ERA PT on 2026-03-10.
 */

export interface Era835Options {
  /** BPR04: ACH (the default), CHK or NON. */
  method?: string;
  /** What ends a segment: "~\n" by default. */
  terminator?: string;
  /** The N1*PR segment. */
  payer?: string;
}

export function era835(trace: string, amount: string, body: readonly string[], options: Era835Options = {}): string {
  const segments = [
    "ISA*00*          *00*          *ZZ*ACME           *ZZ*ERAPT          *260310*1200*^*00501*000000101*0*P*:",
    "GS*HP*ACME*ERAPT*20260310*1200*101*X*005010X221A1",
    "ST*835*0001",
    `BPR*I*${amount}*C*${options.method ?? "ACH"}*CCP*01*999999999*DA*123456*1234567890**01*999988880*DA*98765*20260310`,
    `TRN*1*${trace}*1234567890`,
    options.payer ?? "N1*PR*ACME HEALTH*XV*ACME1",
    "N1*PE*ERA PT*XX*1234567893",
    ...body,
  ];
  // SE01 counts ST through SE.
  const all = [...segments, `SE*${segments.length - 1}*0001`, "GE*1*101", "IEA*1*000000101"];
  const terminator = options.terminator ?? "~\n";
  return all.join(terminator) + terminator;
}

/**
 * Claim C-100 of KIM LEE: 97110-GP $150 paid $110 (CO-45 $30, PR-2 $10) and 97140 $100 paid
 * $70 (CO-45 $20, PR-2 $10) on 2026-03-02; the payer does not echo the second line's modifier.
 * Charged $250, paid $180, patient responsibility $20.
 */
export const CLAIM_100: readonly string[] = [
  "CLP*C-100*1*250*180*20*12*PCN100",
  "NM1*QC*1*LEE*KIM****MI*100900",
  "SVC*HC:97110:GP*150*110**1",
  "DTM*472*20260302",
  "CAS*CO*45*30",
  "CAS*PR*2*10",
  "SVC*HC:97140*100*70**1",
  "DTM*472*20260302",
  "CAS*CO*45*20",
  "CAS*PR*2*10",
];
