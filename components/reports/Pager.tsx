"use client";

import Link from "next/link";
import { useReportUrl } from "@/components/reports/useReportUrl";

function pageParams(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page <= 1) next.delete("page");
  else next.set("page", String(page));
  return next;
}

/** Links to the pages before and after, keeping the filters of the URL; lists newest first by default. */
export function Pager({
  page,
  noun,
  labels = ["← Newer", "Older →"],
}: {
  page: { number: number; size: number; pageCount: number };
  noun: string;
  labels?: readonly [previous: string, next: string];
}) {
  const { params, hrefOf } = useReportUrl();
  if (page.pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page.number > 1 ? <Link href={hrefOf(pageParams(params, Math.min(page.number - 1, page.pageCount)))}>{labels[0]}</Link> : <span />}
      <span>
        Page {page.number} of {page.pageCount} ({page.size} {noun} a page)
      </span>
      {page.number < page.pageCount ? <Link href={hrefOf(pageParams(params, page.number + 1))}>{labels[1]}</Link> : <span />}
    </nav>
  );
}
