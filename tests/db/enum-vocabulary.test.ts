import { sql } from "drizzle-orm";
import { isPgEnum } from "drizzle-orm/pg-core";
import { queryRows } from "@/db/client";
import * as schema from "@/db/schema";
import { ROLES } from "@/lib/access/permissions";
import { PAYER_TYPES, PAYMENT_METHODS, PAYMENT_SOURCES } from "@/lib/ledger-vocabulary";
import { openTestDatabase, type TestDatabase } from "../support/database";

/*
 * The enum value lists are written once, as tuples in lib/ledger-vocabulary.ts and
 * lib/access/permissions.ts; db/schema.ts builds its pgEnums from them and the migrations
 * create the types. This ties the three together: a migration that adds, drops or reorders a
 * value, or a tuple edited without a migration, fails here.
 */

const VOCABULARY: Record<string, readonly string[]> = {
  payer_type: PAYER_TYPES,
  payment_method: PAYMENT_METHODS,
  payment_source: PAYMENT_SOURCES,
  role_name: ROLES,
};

const SCHEMA_ENUMS = (Object.values(schema) as unknown[]).filter(isPgEnum);

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(() => test.close());

/** The values of an enum type in the migrated database, in their declared order. */
async function databaseEnumValues(typeName: string): Promise<string[]> {
  const [row] = await queryRows<{ values: string[] }>(
    test.db,
    sql`select enum_range(null::${sql.identifier(typeName)})::text[] as values`,
  );
  return row!.values;
}

describe("enum vocabulary", () => {
  it("has a vocabulary tuple for every enum in the schema and in the migrated database", async () => {
    const inDatabase = await queryRows<{ name: string }>(
      test.db,
      sql`select t.typname as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
          where t.typtype = 'e' and n.nspname = 'public' order by t.typname`,
    );
    const names = Object.keys(VOCABULARY).sort();
    expect(inDatabase.map((row) => row.name)).toEqual(names);
    expect(SCHEMA_ENUMS.map((e) => e.enumName).sort()).toEqual(names);
  });

  it.each(Object.entries(VOCABULARY))("%s: the migrated database, the schema and the vocabulary list the same values in the same order", async (typeName, values) => {
    expect(await databaseEnumValues(typeName)).toEqual([...values]);
    const schemaEnum = SCHEMA_ENUMS.find((e) => e.enumName === typeName);
    expect(schemaEnum?.enumValues).toEqual([...values]);
  });
});
