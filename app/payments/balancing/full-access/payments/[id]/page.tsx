import { PaymentDrillDownPage, type DrillDownProps } from "../../../_shared/PaymentDrillDownPage";

export const metadata = { title: "Payment lines · Payment Balancing (Full Access)" };

export default function PaymentLinesFullAccessPage(props: DrillDownProps) {
  return <PaymentDrillDownPage variant="full-access" {...props} />;
}
