import { BalancingReportPage, type SearchParams } from "../_shared/BalancingReportPage";

export const metadata = { title: "Payment Balancing (Full Access)" };

export default function PaymentBalancingFullAccessPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <BalancingReportPage variant="full-access" searchParams={searchParams} />;
}
