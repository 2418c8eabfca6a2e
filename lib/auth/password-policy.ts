import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { passwordLengthProblem } from "./password-rules";

/*
 * common-passwords.txt: the entries of 12 to 200 characters of the top million of the
 * "10 million passwords" list (OWASP SecLists, Daniel Miessler and Jason Haddix, CC BY-SA 3.0),
 * lowercased, one a line. Shorter ones are refused by length already. No npm package keeps
 * such a list up to date (the few there hold 10,000 mostly short entries, or load a million
 * lines on every check), so the file ships here, 44,000 lines read once per process.
 */
let commonPasswords: Set<string> | null = null;

function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(
    readFileSync(join(process.cwd(), "lib/auth/common-passwords.txt"), "utf8").split("\n").filter(Boolean),
  );
  return commonPasswords.has(password.toLowerCase());
}

/**
 * Why a new password is refused, or null: the length rules, then the common-password list,
 * then the context rules of 800-63B (the user's own email, one character repeated).
 */
export function passwordProblem(password: string, context: { email: string }): string | null {
  const length = passwordLengthProblem(password);
  if (length) return length;
  if (isCommonPassword(password)) return "That password is on a list of commonly used passwords. Choose another.";
  const lower = password.toLowerCase();
  if (lower === context.email.toLowerCase() || lower === context.email.toLowerCase().split("@")[0]) {
    return "The password must not be your email address.";
  }
  if (new Set(password).size === 1) return "The password must not be one character repeated.";
  return null;
}

/** The cost the demo data and every password set since use. */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 10);
}
