import { z } from "zod";
import { ROLES } from "@/lib/access/permissions";

/** One admin change to one user's access: the whole new set of roles and EMR locations. */
export const userAccessChange = z.object({
  userId: z.coerce.number().int().positive().max(2_147_483_647),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  locationIds: z.array(z.coerce.number().int().positive().max(2_147_483_647)).max(500),
  disabled: z.boolean(),
});
export type UserAccessChange = z.infer<typeof userAccessChange>;
