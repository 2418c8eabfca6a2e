import { redirect } from "next/navigation";
import { can } from "@/lib/access/permissions";
import { currentViewer } from "@/lib/auth/session";

export default async function Home() {
  const viewer = await currentViewer();
  if (!viewer) redirect("/sign-in");
  redirect(can(viewer.roles, "myActivity") ? "/payments/my-activity" : "/payments/balancing");
}
