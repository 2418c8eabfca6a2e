import type { Blocker } from "./blockers";

/*
 * Why a close or reopen was refused, with the status the API answers: 400/422 for a month or
 * body that cannot be taken, 403 without the permission, 409 for a month already in that state
 * or a checklist that fails (then with its blockers), 503 when payments being posted kept the
 * month from being locked in time.
 */
export class MonthEndError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly blockers: Blocker[] | null = null,
  ) {
    super(message);
    this.name = "MonthEndError";
  }
}
