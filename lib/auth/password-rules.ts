import { z } from "zod";

/*
 * The password rules of NIST SP 800-63B §3.1.1 that need no list, pure so that the forms can
 * say them before sending: at least 12 characters, no composition rules, no expiry. The upper
 * bound only keeps hashing cheap; bcrypt reads the first 72 bytes, far past what anyone guesses.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a good one; common passwords are refused.`;

/** Length in characters as a person counts them (code points), not UTF-16 units. */
function characters(value: string): number {
  return [...value].length;
}

export const newPasswordText = z
  .string()
  .refine((value) => characters(value) >= PASSWORD_MIN_LENGTH, {
    message: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  })
  .refine((value) => characters(value) <= PASSWORD_MAX_LENGTH, {
    message: `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
  });

/** The message of the first length rule a password breaks, or null. */
export function passwordLengthProblem(value: string): string | null {
  const parsed = newPasswordText.safeParse(value);
  return parsed.success ? null : parsed.error.issues[0]!.message;
}
