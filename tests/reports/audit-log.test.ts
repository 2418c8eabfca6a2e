import { parse } from "csv-parse/sync";
import { auditEvent } from "@/db/schema";
import { AccessDenied, type Viewer } from "@/lib/access/viewer";
import { csvChunks } from "@/lib/export/writers";
import { auditLogExport } from "@/lib/reports/audit-log/export";
import { auditLog, auditLogUsers } from "@/lib/reports/audit-log/report";
import { parseAuditLogQuery, type AuditLogQuery } from "@/lib/reports/audit-log/search-params";
import { validateQuery } from "@/lib/url/validators";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

let test: TestDatabase;
let admin: Viewer;
let auditor: Viewer;
let poster: Viewer;
const ids: Record<string, number> = {};

beforeAll(async () => {
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db, "Audit PT", "America/Phoenix");
  ids.admin = await practice.user({ email: "admin@test.example", name: "Ada Admin", roles: ["Billing Admin"] });
  ids.auditor = await practice.user({ email: "auditor@test.example", name: "Otto Auditor", roles: ["Auditor"] });
  ids.poster = await practice.user({ email: "poster@test.example", name: "Pat Poster", roles: ["Billing"] });
  const other = await PracticeFixture.create(test.db, "Other PT");
  const otherUser = await other.user({ email: "other@test.example", roles: ["Billing Admin"] });
  const event = (practiceId: number | null, userId: number | null, at: string, action: string, details: Record<string, unknown>) =>
    test.db.insert(auditEvent).values({ practiceId, userId, at: new Date(at), action, details });
  // Phoenix is UTC−7 all year: 23:30 on March 31 there is already April 1 in UTC.
  await event(practice.practiceId, ids.poster, "2026-03-02T16:00:00Z", "sign_in", { email: "poster@test.example" });
  await event(practice.practiceId, ids.poster, "2026-03-02T16:05:00Z", "payment_posted", { paymentId: 41, amountCents: 12500 });
  await event(practice.practiceId, ids.admin, "2026-03-10T18:00:00Z", "report_run", { report: "payment-balancing", rowCount: 12 });
  await event(practice.practiceId, null, "2026-03-11T18:00:00Z", "sign_in_failed", { email: "poster@test.example" });
  await event(practice.practiceId, ids.admin, "2026-04-01T06:30:00Z", "export", { report: "my-activity", rowCount: 3 });
  await event(practice.practiceId, ids.admin, "2026-04-01T07:30:00Z", "sign_in", { email: "admin@test.example" });
  await event(other.practiceId, otherUser, "2026-03-05T16:00:00Z", "sign_in", { email: "other@test.example" });
  await event(null, null, "2026-03-05T16:00:00Z", "sign_in_failed", { email: "nobody@test.example" });
  admin = await practice.viewer(ids.admin);
  auditor = await practice.viewer(ids.auditor);
  poster = await practice.viewer(ids.poster);
});

afterAll(() => test.close());

function query(search: string): AuditLogQuery {
  const parsed = parseAuditLogQuery(new URLSearchParams(search), { today: "2026-04-15" });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe("the audit log URL", () => {
  it("defaults to this month to date and reads users, actions and the page", () => {
    expect(query("")).toEqual({ from: "2026-04-01", to: "2026-04-15", users: [], actions: [], page: 1 });
    expect(query("from=2026-03-01&to=2026-03-31&user=7&action=export&action=sign_in&page=2")).toEqual({
      from: "2026-03-01",
      to: "2026-03-31",
      users: [7],
      actions: ["export", "sign_in"],
      page: 2,
    });
  });

  it.each([
    ["action=drop_table", `"action" must be one of sign_in, sign_in_failed, sign_in_throttled, report_run, export, batch_created, payment_posted, payment_voided, unapplied_money_applied, user_access_changed, era_imported, era_exception_resolved, batch_closed, batch_reopened, month_closed, month_reopened, user_invited, password_reset_issued, password_set_from_link, password_changed, not "drop_table".`],
    ["user=me", `"user" must be an id number, not "me".`],
    ["from=2026-04-10&to=2026-04-01", `"from" (2026-04-10) is after "to" (2026-04-01).`],
    ["page=0", `"page" must be a page number, not "0".`],
    ["from=2026-02-30", `"from" must be a date like 2026-03-31, not "2026-02-30".`],
  ])("refuses %s with a message, in middleware too", (search, message) => {
    expect(parseAuditLogQuery(new URLSearchParams(search), { today: "2026-04-15" })).toEqual({ ok: false, message });
    expect(validateQuery("/admin/audit", new URLSearchParams(search))).toBe(message);
    expect(validateQuery("/admin/audit/export.csv", new URLSearchParams(search))).toBe(message);
  });
});

describe("the audit log", () => {
  it("lists the practice's events of the range, newest first, by the practice's calendar days", async () => {
    const { rows, eventCount } = await auditLog(test.db, admin, query("from=2026-03-01&to=2026-03-31"));
    expect(eventCount).toBe(5);
    expect(rows.map((row) => [row.at, row.who, row.action])).toEqual([
      ["2026-04-01T06:30:00.000Z", "Ada Admin", "export"],
      ["2026-03-11T18:00:00.000Z", "poster@test.example", "sign_in_failed"],
      ["2026-03-10T18:00:00.000Z", "Ada Admin", "report_run"],
      ["2026-03-02T16:05:00.000Z", "Pat Poster", "payment_posted"],
      ["2026-03-02T16:00:00.000Z", "Pat Poster", "sign_in"],
    ]);
    expect(JSON.parse(rows[3]!.details)).toEqual({ paymentId: 41, amountCents: 12500 });
  });

  it("narrows to users and actions", async () => {
    const byUser = await auditLog(test.db, auditor, query(`from=2026-03-01&to=2026-04-15&user=${ids.poster}`));
    expect(byUser.rows.map((row) => row.action)).toEqual(["payment_posted", "sign_in"]);
    const byAction = await auditLog(test.db, auditor, query("from=2026-03-01&to=2026-04-15&action=sign_in&action=export"));
    expect(byAction.rows.map((row) => [row.who, row.action])).toEqual([
      ["Ada Admin", "sign_in"],
      ["Ada Admin", "export"],
      ["Pat Poster", "sign_in"],
    ]);
  });

  it("counts every event on a page past the last", async () => {
    expect(await auditLog(test.db, admin, query("from=2026-03-01&to=2026-04-15&page=9"))).toMatchObject({
      rows: [],
      eventCount: 6,
      page: { number: 9, size: 100, pageCount: 1 },
    });
  });

  it("refuses a viewer without the audit log, whatever the page checked", async () => {
    await expect(auditLog(test.db, poster, query(""))).rejects.toBeInstanceOf(AccessDenied);
    await expect(auditLogExport(test.db, poster, query(""))).rejects.toBeInstanceOf(AccessDenied);
    await expect(auditLogUsers(test.db, poster)).rejects.toBeInstanceOf(AccessDenied);
  });

  it("offers the practice's users only", async () => {
    expect((await auditLogUsers(test.db, admin)).map((user) => user.label)).toEqual(["Ada Admin", "Otto Auditor", "Pat Poster"]);
  });

  it("exports every event of the filter as the grid shows it", async () => {
    const plan = await auditLogExport(test.db, auditor, query("from=2026-03-01&to=2026-03-31&action=sign_in&action=payment_posted"));
    const parts: Buffer[] = [];
    for await (const chunk of csvChunks({ ...plan, timezone: auditor.timezone })) parts.push(Buffer.from(chunk));
    const records: string[][] = parse(Buffer.concat(parts).toString(), { bom: true });
    expect(records.map((record) => record.slice(0, 3))).toEqual([
      ["When", "Who", "What"],
      ["2026-03-02T09:05:00-07:00", "Pat Poster", "Posted a payment"],
      ["2026-03-02T09:00:00-07:00", "Pat Poster", "Signed in"],
    ]);
    expect(plan).toMatchObject({ rowCount: 2, filenameParts: ["audit-log", "2026-03-01", "2026-03-31"] });
  });
});
