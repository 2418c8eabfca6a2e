import { z } from "zod";
import { ROLES } from "@/lib/access/permissions";
import { MAX_RECORD_ID } from "@/lib/ledger-vocabulary";

/** One admin change to one user's access: the whole new set of roles and EMR locations. */
export const userAccessChange = z.object({
  userId: z.coerce.number().int().positive().max(MAX_RECORD_ID),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  locationIds: z.array(z.coerce.number().int().positive().max(MAX_RECORD_ID)).max(500),
  disabled: z.boolean(),
});
export type UserAccessChange = z.infer<typeof userAccessChange>;
