import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { loadViewer } from "@/lib/access/viewer";
import { changeUserAccess, InvalidUserChange, listUserAccess, UserNotFound } from "@/lib/admin/users";
import { userAccessChange } from "@/lib/admin/user-access-schema";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

let test: TestDatabase;
let practice: PracticeFixture;
let other: PracticeFixture;
let ids: { admin: number; poster: number; mesa: number; tempe: number; otherUser: number; otherLocation: number };

beforeAll(async () => {
  test = await openTestDatabase();
  practice = await PracticeFixture.create(test.db);
  other = await PracticeFixture.create(test.db, "Other PT");
  const mesa = await practice.location("MESA");
  const tempe = await practice.location("TEMPE");
  ids = {
    mesa,
    tempe,
    admin: await practice.user({ email: "admin@test.example", roles: ["Billing Admin"] }),
    poster: await practice.user({ email: "poster@test.example", roles: ["Billing"] }),
    otherUser: await other.user({ email: "someone@other.example", roles: ["Billing"] }),
    otherLocation: await other.location("FLAG"),
  };
});

afterAll(() => test.close());

describe("Admin > Users", () => {
  it("restricts a user to one location, effective on their next request, and audits before/after", async () => {
    const admin = await practice.viewer(ids.admin);
    await changeUserAccess(test.db, admin, {
      userId: ids.poster,
      roles: ["Front Office Billing - EMR Access Restriction"],
      locationIds: [ids.tempe],
      disabled: false,
    });
    const poster = await loadViewer(test.db, ids.poster, practice.practiceId);
    expect(poster).toMatchObject({
      roles: ["Front Office Billing - EMR Access Restriction"],
      locationIds: [ids.tempe],
      locationRestricted: true,
    });
    const [event] = await queryRows<{ user_id: number; details: unknown }>(
      test.db,
      sql`select user_id, details from audit_event where action = 'user_access_changed' order by id desc limit 1`,
    );
    expect(event).toEqual({
      user_id: ids.admin,
      details: {
        targetUserId: ids.poster,
        before: { roles: ["Billing"], locationIds: [], disabled: false },
        after: { roles: ["Front Office Billing - EMR Access Restriction"], locationIds: [ids.tempe], disabled: false },
      },
    });
  });

  it("a removed role stops working on the next request; a disabled user has no viewer", async () => {
    const admin = await practice.viewer(ids.admin);
    await changeUserAccess(test.db, admin, { userId: ids.poster, roles: [], locationIds: [], disabled: false });
    expect((await loadViewer(test.db, ids.poster, practice.practiceId))?.roles).toEqual([]);
    await changeUserAccess(test.db, admin, { userId: ids.poster, roles: ["Billing"], locationIds: [], disabled: true });
    expect(await loadViewer(test.db, ids.poster, practice.practiceId)).toBeNull();
  });

  it("answers not-found for another practice's user, and changes nothing", async () => {
    const admin = await practice.viewer(ids.admin);
    await expect(
      changeUserAccess(test.db, admin, { userId: ids.otherUser, roles: ["Billing Admin"], locationIds: [], disabled: false }),
    ).rejects.toBeInstanceOf(UserNotFound);
    expect((await other.viewer(ids.otherUser)).roles).toEqual(["Billing"]);
    expect((await listUserAccess(test.db, admin)).map((u) => u.email)).not.toContain("someone@other.example");
  });

  it("refuses another practice's location and leaves the user as they were", async () => {
    const admin = await practice.viewer(ids.admin);
    const before = await listUserAccess(test.db, admin, [ids.poster]);
    await expect(
      changeUserAccess(test.db, admin, {
        userId: ids.poster,
        roles: ["Billing"],
        locationIds: [ids.mesa, ids.otherLocation],
        disabled: false,
      }),
    ).rejects.toBeInstanceOf(InvalidUserChange);
    expect(await listUserAccess(test.db, admin, [ids.poster])).toEqual(before);
  });

  it("refuses an admin locking themselves out, and a non-admin changing anyone", async () => {
    const admin = await practice.viewer(ids.admin);
    await expect(
      changeUserAccess(test.db, admin, { userId: ids.admin, roles: ["Billing"], locationIds: [], disabled: false }),
    ).rejects.toBeInstanceOf(InvalidUserChange);
    const billing = await practice.user({ email: "billing@test.example", roles: ["Billing"] });
    await expect(
      changeUserAccess(test.db, await practice.viewer(billing), {
        userId: billing,
        roles: ["Billing Admin"],
        locationIds: [],
        disabled: false,
      }),
    ).rejects.toThrow("adminUsers");
  });

  it("never lets two admins take each other's Billing Admin role at once, leaving none", async () => {
    const pair = await PracticeFixture.create(test.db, "Two Admins PT");
    const first = await pair.user({ email: "first-admin@test.example", roles: ["Billing Admin"] });
    const second = await pair.user({ email: "second-admin@test.example", roles: ["Billing Admin"] });
    const [firstViewer, secondViewer] = [await pair.viewer(first), await pair.viewer(second)];
    const demote = (userId: number) => ({ userId, roles: ["Billing" as const], locationIds: [], disabled: false });
    const outcomes = await Promise.allSettled([
      changeUserAccess(test.db, firstViewer, demote(second)),
      changeUserAccess(test.db, secondViewer, demote(first)),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const [admins] = await queryRows<{ n: number }>(
      test.db,
      sql`select count(*)::int as n from user_role where practice_id = ${pair.practiceId} and role = 'Billing Admin'`,
    );
    expect(admins!.n).toBe(1);
  });

  it("validates the change before anything runs", () => {
    expect(userAccessChange.safeParse({ userId: 1, roles: ["Superuser"], locationIds: [], disabled: false }).success).toBe(
      false,
    );
    expect(userAccessChange.safeParse({ userId: "x", roles: [], locationIds: [], disabled: false }).success).toBe(false);
    expect(userAccessChange.safeParse({ userId: 2147483648, roles: [], locationIds: [], disabled: false }).success).toBe(false);
    expect(userAccessChange.safeParse({ userId: 1, roles: [], locationIds: [3e9], disabled: false }).success).toBe(false);
  });
});
