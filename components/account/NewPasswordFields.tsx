import { PASSWORD_HINT, PASSWORD_MAX_LENGTH } from "@/lib/auth/password-rules";

/** The new password and its repetition, with the rule said once beside them. */
export function NewPasswordFields() {
  return (
    <>
      <label>
        New password
        <input
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          maxLength={PASSWORD_MAX_LENGTH}
          aria-describedby="password-hint"
        />
      </label>
      <p id="password-hint" className="muted">
        {PASSWORD_HINT}
      </p>
      <label>
        Repeat the new password
        <input name="repeatPassword" type="password" autoComplete="new-password" required maxLength={PASSWORD_MAX_LENGTH} />
      </label>
    </>
  );
}

/** What the form says before sending, or null: the length rule and a mistyped repetition. */
export function newPasswordFormProblem(data: FormData, check: (value: string) => string | null): string | null {
  const password = String(data.get("newPassword") ?? "");
  const problem = check(password);
  if (problem) return problem;
  if (password !== String(data.get("repeatPassword") ?? "")) return "The two new passwords differ. Type the same one twice.";
  return null;
}
