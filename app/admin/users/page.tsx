import { getDb } from "@/db/app-database";
import { UserAccessEditor } from "@/components/admin/UserAccessEditor";
import { LINK_LIFETIME_HOURS } from "@/lib/admin/password-links";
import { listUserAccess, practiceLocations } from "@/lib/admin/users";
import { viewerPage, type PageRequest } from "@/lib/http/viewer-page";
import { ROLES } from "@/lib/access/permissions";
import { InviteUserForm } from "@/components/admin/InviteUserForm";
import { inviteUserAction, resetPasswordAction, saveUserAccess } from "./actions";

export const metadata = { title: "Users · Payment Balancing" };

async function AdminUsersPage({ viewer }: PageRequest<unknown>) {
  const db = await getDb();
  const [users, locations] = await Promise.all([listUserAccess(db, viewer), practiceLocations(db, viewer)]);
  return (
    <section>
      <h1>Admin › Users</h1>
      <p className="muted">
        Roles add up. <em>Front Office Billing - EMR Access Restriction</em> limits Payment Balancing to the EMR
        locations ticked for the user, whatever other roles they hold. Changes apply from the user&apos;s next request.
        A disabled user cannot sign in, and their open sessions end on their next request. There is no mail: an
        invitation or a password reset gives you a one-time link to pass on, valid for {LINK_LIFETIME_HOURS} hours.
      </p>
      <UserAccessEditor
        users={users.filter((user) => !user.isSystem)}
        locations={locations}
        roles={[...ROLES]}
        save={saveUserAccess}
        resetPassword={resetPasswordAction}
        viewerId={viewer.userId}
      />
      <InviteUserForm locations={locations} roles={[...ROLES]} invite={inviteUserAction} />
    </section>
  );
}

export default viewerPage({ permission: "adminUsers", path: () => "/admin/users" }, AdminUsersPage);
