import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createBatch } from "@/lib/posting/batches";
import { parsePatientQuery, searchPatients } from "@/lib/posting/lookup";
import { postPayment } from "@/lib/posting/payments";
import { buildWorld, closeWorld, type PostingWorld } from "./world";

/*
 * The posting form's patient search narrowed by date of birth or MRN, each match with its open
 * charges' count (issue 24): "anderson" alone lists every Anderson.
 */

let world: PostingWorld;
const ids: Record<string, number> = {};

beforeAll(async () => {
  world = await buildWorld();
  ids.amy = await world.practice.patient("200101", "Amy", "Anderson", "1984-03-02");
  ids.bob = await world.practice.patient("200102", "Bob", "Anderson", "1984-03-02");
  ids.cal = await world.practice.patient("300103", "Cal", "Anderson", "1990-11-30");
  ids.dee = await world.practice.patient("200104", "Dee", "Andersen", null);
  await world.other.patient("200105", "Olga", "Anderson", "1984-03-02");
  // Amy: three charges, one paid in full, one in part: two open. Bob: one paid in full: none open.
  const amyPaid = await world.charge(ids.amy, 5000);
  const amyPart = await world.charge(ids.amy, 5000, "97140");
  await world.charge(ids.amy, 7000, "97161");
  const bobPaid = await world.charge(ids.bob, 4000);
  const batch = await createBatch(world.test.db, world.viewers.poster1, { batchNumber: "PS-1", depositDate: "2026-03-02", locationId: world.mesa });
  await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, {
    payerId: world.aetna,
    method: "check",
    referenceNumber: "PS-CHK",
    amount: "110.00",
    lines: [
      { chargeId: amyPaid, paid: "40.00", adjustment: "10.00", adjustmentReason: "CO-45" },
      { chargeId: amyPart, paid: "30.00" },
      { chargeId: bobPaid, paid: "40.00" },
    ],
  });
});

afterAll(() => closeWorld(world));

const search = (query: string) => searchPatients(world.test.db, world.viewers.poster1, query);
const names = async (query: string) => (await search(query)).map((p) => `${p.firstName} ${p.lastName}`);

describe("reading what the poster typed", () => {
  it("takes ISO and US dates of birth, digits as an MRN prefix, the rest as name words", () => {
    expect(parsePatientQuery("anderson 1984-03-02")).toEqual({ words: ["anderson"], mrnPrefix: null, dateOfBirth: "1984-03-02" });
    expect(parsePatientQuery(" Anderson, 3/2/1984 ")).toEqual({ words: ["Anderson"], mrnPrefix: null, dateOfBirth: "1984-03-02" });
    expect(parsePatientQuery("anderson 2001")).toEqual({ words: ["anderson"], mrnPrefix: "2001", dateOfBirth: null });
    expect(parsePatientQuery("2/30/1984")).toEqual({ words: [], mrnPrefix: null, dateOfBirth: "invalid" });
  });
});

describe("searching patients", () => {
  it("lists every Anderson by name, each with its date of birth and open charges' count", async () => {
    expect(await search("anders")).toEqual([
      { patientId: ids.dee, mrn: "200104", firstName: "Dee", lastName: "Andersen", dateOfBirth: null, openChargeCount: 0 },
      { patientId: ids.amy, mrn: "200101", firstName: "Amy", lastName: "Anderson", dateOfBirth: "1984-03-02", openChargeCount: 2 },
      { patientId: ids.bob, mrn: "200102", firstName: "Bob", lastName: "Anderson", dateOfBirth: "1984-03-02", openChargeCount: 0 },
      { patientId: ids.cal, mrn: "300103", firstName: "Cal", lastName: "Anderson", dateOfBirth: "1990-11-30", openChargeCount: 0 },
    ]);
  });

  it("narrows by date of birth, by MRN prefix, or both, within the practice", async () => {
    expect(await names("anderson 1984-03-02")).toEqual(["Amy Anderson", "Bob Anderson"]);
    expect(await names("anderson 3/2/1984")).toEqual(["Amy Anderson", "Bob Anderson"]);
    expect(await names("11/30/1990")).toEqual(["Cal Anderson"]);
    expect(await names("anderson 3001")).toEqual(["Cal Anderson"]);
    expect(await names("bob 1984-03-02 2001")).toEqual(["Bob Anderson"]);
    expect(await names("2001")).toEqual(["Dee Andersen", "Amy Anderson", "Bob Anderson"]);
    expect(await names("anderson 1984-03-03")).toEqual([]);
    expect(await names("anderson 2/30/1984")).toEqual([]);
  });

  it("walks an index, not the whole patient table, when narrowed by date of birth or MRN", async () => {
    await world.test.db.execute(
      sql`insert into patient (practice_id, mrn, first_name, last_name, date_of_birth)
          select ${world.practice.practiceId}, 'B' || n, 'First' || n, case when n % 10 = 0 then 'Anderson' else 'Name' || n end,
                 date '1930-01-01' + (n % 25000)
            from generate_series(1, 60000) n`,
    );
    await world.test.db.execute(sql`analyze patient`);
    const plan = async (where: ReturnType<typeof sql>) =>
      (
        await queryRows<{ "QUERY PLAN": string }>(
          world.test.db,
          sql`explain select id from patient p where p.practice_id = ${world.practice.practiceId} and ${where}
                and (p.first_name ilike '%anderson%' or p.last_name ilike '%anderson%') order by p.last_name limit 20`,
        )
      )
        .map((row) => row["QUERY PLAN"])
        .join("\n");
    expect(await plan(sql`p.date_of_birth = '1984-03-02'::date`)).toMatch(/patient_birth_idx/);
    expect(await plan(sql`p.mrn like 'B123%'`)).toMatch(/patient_mrn_prefix_idx/);
    expect(await plan(sql`p.date_of_birth = '1984-03-02'::date`)).not.toMatch(/Seq Scan/);
  });
});
