import { Forbidden } from "@/components/layout/Forbidden";

/** Rendered with status 403 when a page calls `forbidden()` after its own access check. */
export default function ForbiddenBoundary() {
  return <Forbidden reason="permission" />;
}
