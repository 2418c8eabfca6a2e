import { existsSync } from "node:fs";
import path from "node:path";

/*
 * The project's shared folder (DESIGN.md, public fixtures) sits beside the repository as
 * ../shared. A clone elsewhere on this machine (CI's clean clone) finds it through
 * SHARED_DIR, or at the workplace's /work/shared.
 */
function sharedRoot(): string {
  const candidates = [process.env.SHARED_DIR, path.resolve(__dirname, "../../../shared"), "/work/shared"];
  const found = candidates.find((dir): dir is string => Boolean(dir) && existsSync(path.join(dir!, "fixtures")));
  if (!found) throw new Error(`The shared fixtures folder is missing: looked in ${candidates.filter(Boolean).join(", ")}.`);
  return found;
}

export function sharedPath(...parts: string[]): string {
  return path.join(sharedRoot(), ...parts);
}
