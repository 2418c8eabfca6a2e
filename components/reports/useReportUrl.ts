"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useTransition } from "react";

/**
 * The report's URL as the single source of its state: components read the current search
 * params and push an edited copy; the server renders the result for the new URL.
 */
export function useReportUrl() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const params = useMemo(() => new URLSearchParams(searchParams?.toString() ?? ""), [searchParams]);
  const hrefOf = useCallback(
    (next: URLSearchParams, path: string = pathname) => {
      const search = next.toString();
      return search ? `${path}?${search}` : path;
    },
    [pathname],
  );
  const navigate = useCallback(
    (next: URLSearchParams) => startTransition(() => router.push(hrefOf(next), { scroll: false })),
    [router, hrefOf],
  );
  return { params, pathname, hrefOf, navigate, pending };
}
