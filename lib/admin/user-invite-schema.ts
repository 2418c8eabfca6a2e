import { z } from "zod";
import { ROLES } from "@/lib/access/permissions";
import { MAX_RECORD_ID } from "@/lib/ledger-vocabulary";
import { controlCharacterProblem } from "@/lib/text";

/** An admin's invitation: who the new user is and their starting access. Pure, for the form too. */
export const userInvitation = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter the user's name.")
    .max(200, "The name must be at most 200 characters.")
    .superRefine((value, context) => {
      const problem = controlCharacterProblem(value);
      if (problem) context.addIssue({ code: "custom", message: `The name must not contain ${problem}.` });
    }),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, "The email must be at most 320 characters.")
    .pipe(z.email("Enter the user's email address, like name@example.com.")),
  roles: z.array(z.enum(ROLES, "One of the roles is not a role of this app.")).max(ROLES.length),
  locationIds: z.array(z.coerce.number().int().positive().max(MAX_RECORD_ID)).max(500),
  /** The vendor's revenue-cycle staff: their postings show only in Full Access (DESIGN "Who uses it"). */
  isRcmStaff: z.boolean(),
});
export type UserInvitation = z.infer<typeof userInvitation>;

export const passwordReset = z.object({ userId: z.coerce.number().int().positive().max(MAX_RECORD_ID) });
