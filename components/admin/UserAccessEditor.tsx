"use client";

import { useState, useTransition } from "react";
import type { Role } from "@/lib/access/permissions";
import type { UserAccessChange } from "@/lib/admin/user-access-schema";
import { IssuedLinkNotice, type IssuedLinkView } from "./IssuedLinkNotice";

interface UserRow {
  id: number;
  name: string;
  email: string;
  isRcmStaff: boolean;
  disabled: boolean;
  hasPassword: boolean;
  roles: Role[];
  locationIds: number[];
}

interface Props {
  users: UserRow[];
  locations: { id: number; name: string; code: string }[];
  roles: Role[];
  save: (change: UserAccessChange) => Promise<{ ok: boolean; message: string }>;
  resetPassword: (input: { userId: number }) => Promise<{ ok: boolean; message: string; link?: IssuedLinkView }>;
  /** The signed-in admin, who changes their own password on the Password page instead. */
  viewerId: number;
}

function toggle<T>(items: T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...items, item])] : items.filter((x) => x !== item);
}

function UserEditor({ user, locations, roles, save, resetPassword, viewerId }: Omit<Props, "users"> & { user: UserRow }) {
  const [draft, setDraft] = useState({ roles: user.roles, locationIds: user.locationIds, disabled: user.disabled });
  const [status, setStatus] = useState<{ ok: boolean; message: string; link?: IssuedLinkView } | null>(null);
  const [pending, startTransition] = useTransition();
  const dirty =
    draft.disabled !== user.disabled ||
    [...draft.roles].sort().join() !== [...user.roles].sort().join() ||
    [...draft.locationIds].sort().join() !== [...user.locationIds].sort().join();

  return (
    <tr aria-label={user.email}>
      <td>
        <strong>{user.name}</strong>
        <br />
        <span className="muted">{user.email}</span>
        {user.isRcmStaff && <div className="muted">RCM staff</div>}
      </td>
      <td>
        {roles.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={draft.roles.includes(role)}
              onChange={(e) => setDraft({ ...draft, roles: toggle(draft.roles, role, e.target.checked) })}
            />
            {role}
          </label>
        ))}
      </td>
      <td>
        {locations.map((loc) => (
          <label key={loc.id} className="check">
            <input
              type="checkbox"
              checked={draft.locationIds.includes(loc.id)}
              onChange={(e) => setDraft({ ...draft, locationIds: toggle(draft.locationIds, loc.id, e.target.checked) })}
            />
            {loc.name}
          </label>
        ))}
      </td>
      <td>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.disabled}
            onChange={(e) => setDraft({ ...draft, disabled: e.target.checked })}
          />
          Disabled
        </label>
        {!user.hasPassword && !user.disabled && <div className="muted">No password yet</div>}
      </td>
      <td>
        <button
          type="button"
          className="primary"
          disabled={!dirty || pending}
          onClick={() =>
            startTransition(async () => {
              setStatus(await save({ userId: user.id, ...draft }));
            })
          }
        >
          {pending ? "Saving…" : "Save"}
        </button>
        {user.id !== viewerId && !user.disabled && (
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              const question = user.hasPassword
                ? `Reset ${user.email}'s password? It stops working now and their sessions end; you get a new link to pass on.`
                : `Issue a new set-password link for ${user.email}? Any earlier link stops working.`;
              if (!window.confirm(question)) return;
              startTransition(async () => {
                setStatus(await resetPassword({ userId: user.id }));
              });
            }}
          >
            {user.hasPassword ? "Reset password" : "New link"}
          </button>
        )}
        {status?.ok && status.link ? (
          <IssuedLinkNotice message={status.message} link={status.link} />
        ) : (
          status && (
            <div role="status" className={status.ok ? "balanced" : "form-error"}>
              {status.message}
            </div>
          )
        )}
      </td>
    </tr>
  );
}

export function UserAccessEditor({ users, ...editor }: Props) {
  return (
    <table className="simple">
      <thead>
        <tr>
          <th>User</th>
          <th>Roles</th>
          <th>EMR locations</th>
          <th>Status</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <UserEditor key={user.id} user={user} {...editor} />
        ))}
      </tbody>
    </table>
  );
}
