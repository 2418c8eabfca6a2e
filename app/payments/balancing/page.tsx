import { BalancingReportPage, type SearchParams } from "./_shared/BalancingReportPage";

export const metadata = { title: "Payment Balancing" };

export default function PaymentBalancingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <BalancingReportPage variant="standard" searchParams={searchParams} />;
}
