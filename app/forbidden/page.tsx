import { inArray, and, eq } from "drizzle-orm";
import { getDb } from "@/db/app-database";
import { location } from "@/db/schema";
import { currentViewer } from "@/lib/auth/session";
import { Forbidden } from "@/components/layout/Forbidden";

/** Where middleware sends a request it turns away (with status 403). */
export default async function ForbiddenPage({
  searchParams,
}: {
  searchParams: Promise<{ reason?: string; location?: string | string[] }>;
}) {
  const params = await searchParams;
  const requested = [params.location ?? []].flat().map(Number).filter(Number.isSafeInteger);
  const viewer = await currentViewer();
  let locationNames: string[] = [];
  if (viewer && requested.length > 0) {
    const rows = await (await getDb())
      .select({ name: location.name, id: location.id })
      .from(location)
      .where(and(eq(location.practiceId, viewer.practiceId), inArray(location.id, requested)));
    locationNames = requested.map((id) => rows.find((row) => row.id === id)?.name ?? `location ${id}`);
  }
  return <Forbidden reason={params.reason === "location" ? "location" : "permission"} locationNames={locationNames} />;
}
