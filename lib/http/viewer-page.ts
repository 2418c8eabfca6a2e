import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { ReactNode } from "react";
import type { Permission } from "@/lib/access/permissions";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import { currentViewer } from "@/lib/auth/session";
import { todayIn } from "@/lib/dates";
import { searchOf, withSearch, type SearchParams } from "@/lib/reports/toolkit/search-params";

/*
 * The opening every signed-in page shares, written once: who is asking, sent to sign in (and
 * back to this very URL) when nobody is, 403 when they may not open the page. Middleware turns
 * most such requests away first; this is the check that holds whatever middleware did.
 */

/** What Next.js hands a page. */
export interface PageProps<RouteParams> {
  params: Promise<RouteParams>;
  searchParams: Promise<SearchParams>;
}

/** A request the page may answer: the viewer, the URL, and the practice's today. */
export interface PageRequest<RouteParams> {
  viewer: Viewer;
  routeParams: RouteParams;
  searchParams: SearchParams;
  /** The query string as it came, for links that keep the user's filters. */
  search: string;
  today: string;
}

export interface ViewerPageSpec<RouteParams> {
  permission: Permission;
  /** The page's path for these route params (the URL sign-in returns to, with the query string). */
  path: (routeParams: RouteParams) => string;
}

export function viewerPage<RouteParams = Record<string, never>>(
  spec: ViewerPageSpec<RouteParams>,
  render: (request: PageRequest<RouteParams>) => ReactNode | Promise<ReactNode>,
) {
  return async function Page(props: PageProps<RouteParams>): Promise<ReactNode> {
    const [routeParams, searchParams] = await Promise.all([props.params, props.searchParams]);
    const search = searchOf(searchParams);
    const viewer = await currentViewer();
    if (!viewer) redirect(`/sign-in?callbackUrl=${encodeURIComponent(withSearch(spec.path(routeParams), search))}`);
    if (!viewerCan(viewer, spec.permission)) forbidden();
    return render({ viewer, routeParams, searchParams, search, today: todayIn(viewer.timezone) });
  };
}
