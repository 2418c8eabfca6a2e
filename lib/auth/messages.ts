/*
 * One message for every refusal (wrong password, unknown email, disabled account, waiting
 * out a lockout): a different one for a locked account would tell a stranger which emails
 * have accounts. It says how the lockout works so that a locked-out user knows to wait.
 */
export const SIGN_IN_FAILED = "Email or password is incorrect. After five failed tries, wait a minute before trying again.";

/** What the sign-in form says when checking the password failed on our side, not the user's. */
export const SIGN_IN_BROKE = "Something went wrong on our side while signing you in; try again.";
