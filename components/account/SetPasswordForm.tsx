"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { passwordLengthProblem } from "@/lib/auth/password-rules";
import { NewPasswordFields, newPasswordFormProblem } from "./NewPasswordFields";

type Result = { ok: boolean; message: string };

/** The form a one-time link opens: the user's email (for password managers) and the new password twice. */
export function SetPasswordForm({ email, setPassword }: { email: string; setPassword: (password: string) => Promise<Result> }) {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const problem = newPasswordFormProblem(data, passwordLengthProblem);
    if (problem) {
      setResult({ ok: false, message: problem });
      return;
    }
    startTransition(async () => setResult(await setPassword(String(data.get("newPassword")))));
  }

  if (result?.ok) {
    return (
      <div role="status">
        <p>{result.message}</p>
        <p>
          <Link href="/sign-in">Sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="sign-in-form" onSubmit={submit} noValidate>
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields />
      {result && (
        <p role="alert" className="form-error">
          {result.message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Setting…" : "Set password"}
      </button>
    </form>
  );
}
