"use client";

import { useState, useTransition, type FormEvent } from "react";
import type { Role } from "@/lib/access/permissions";
import { userInvitation } from "@/lib/admin/user-invite-schema";
import { IssuedLinkNotice, type IssuedLinkView } from "./IssuedLinkNotice";

type Result = { ok: boolean; message: string; link?: IssuedLinkView };

interface Props {
  locations: { id: number; name: string; code: string }[];
  roles: Role[];
  invite: (input: unknown) => Promise<Result>;
}

/** Invite a user: name, email, roles and EMR locations; the answer is the link they set their password with. */
export function InviteUserForm({ locations, roles, invite }: Props) {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      name: String(data.get("name") ?? ""),
      email: String(data.get("email") ?? ""),
      roles: data.getAll("role").map(String),
      locationIds: data.getAll("location").map(Number),
      isRcmStaff: data.get("isRcmStaff") === "on",
    };
    // The same schema the server parses with, so a typo is named before anything is sent.
    const parsed = userInvitation.safeParse(input);
    if (!parsed.success) {
      setResult({ ok: false, message: parsed.error.issues[0]!.message });
      return;
    }
    startTransition(async () => {
      const answer = await invite(parsed.data);
      setResult(answer);
      if (answer.ok) form.reset();
    });
  }

  return (
    <form className="invite-user" onSubmit={submit} noValidate aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite a user</h2>
      <label>
        Name
        <input name="name" autoComplete="off" required maxLength={200} />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="off" required maxLength={320} />
      </label>
      <fieldset>
        <legend>Roles</legend>
        {roles.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" name="role" value={role} />
            {role}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>EMR locations</legend>
        {locations.map((loc) => (
          <label key={loc.id} className="check">
            <input type="checkbox" name="location" value={loc.id} />
            {loc.name}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" name="isRcmStaff" />
        The vendor&apos;s RCM staff (their postings show only in Full Access)
      </label>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Inviting…" : "Invite"}
      </button>
      {result && !result.ok && (
        <p role="alert" className="form-error">
          {result.message}
        </p>
      )}
      {result?.ok && result.link && <IssuedLinkNotice message={result.message} link={result.link} />}
    </form>
  );
}
