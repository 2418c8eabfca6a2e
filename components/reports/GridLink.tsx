import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * A link in a grid's cell. It does not prefetch: a page of payments is fifty links, and
 * prefetching each as it scrolled into view sent dozens of requests nobody asked for. The
 * page it opens is fetched on the click, as fast as the server answers it.
 */
export function GridLink(props: Omit<ComponentProps<typeof Link>, "prefetch">) {
  return <Link {...props} prefetch={false} />;
}
