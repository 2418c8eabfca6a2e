import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/db/app-database";
import { UserAccessEditor } from "@/components/admin/UserAccessEditor";
import { viewerCan } from "@/lib/access/viewer";
import { listUserAccess, practiceLocations } from "@/lib/admin/users";
import { currentViewer } from "@/lib/auth/session";
import { ROLES } from "@/lib/access/permissions";
import { saveUserAccess } from "./actions";

export const metadata = { title: "Users · Payment Balancing" };

export default async function AdminUsersPage() {
  const viewer = await currentViewer();
  if (!viewer) redirect("/sign-in?callbackUrl=/admin/users");
  if (!viewerCan(viewer, "adminUsers")) forbidden();
  const db = await getDb();
  const [users, locations] = await Promise.all([listUserAccess(db, viewer), practiceLocations(db, viewer)]);
  return (
    <section>
      <h1>Admin › Users</h1>
      <p className="muted">
        Roles add up. <em>Front Office Billing - EMR Access Restriction</em> limits Payment Balancing to the EMR
        locations ticked for the user, whatever other roles they hold. Changes apply from the user&apos;s next request.
      </p>
      <UserAccessEditor
        users={users.filter((user) => !user.isSystem)}
        locations={locations}
        roles={[...ROLES]}
        save={saveUserAccess}
      />
    </section>
  );
}
