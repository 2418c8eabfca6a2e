"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { passwordLengthProblem } from "@/lib/auth/password-rules";
import { NewPasswordFields, newPasswordFormProblem } from "./NewPasswordFields";

type Result = { ok: boolean; message: string };

/** A signed-in user's own change: the current password, then the new one twice. */
export function ChangePasswordForm({
  email,
  changePassword,
}: {
  email: string;
  changePassword: (input: { currentPassword: string; newPassword: string }) => Promise<Result>;
}) {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const problem = currentPassword === "" ? "Enter your current password." : newPasswordFormProblem(data, passwordLengthProblem);
    if (problem) {
      setResult({ ok: false, message: problem });
      return;
    }
    startTransition(async () =>
      setResult(await changePassword({ currentPassword, newPassword: String(data.get("newPassword")) })),
    );
  }

  if (result?.ok) {
    return (
      <div role="status">
        <p>{result.message}</p>
        <p>
          <Link href="/sign-in">Sign in again</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="sign-in-form" onSubmit={submit} noValidate>
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={200} />
      </label>
      <NewPasswordFields />
      {result && (
        <p role="alert" className="form-error">
          {result.message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
