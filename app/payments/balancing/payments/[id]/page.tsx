import { PaymentDrillDownPage, type DrillDownProps } from "../../_shared/PaymentDrillDownPage";

export const metadata = { title: "Payment lines · Payment Balancing" };

export default function PaymentLinesPage(props: DrillDownProps) {
  return <PaymentDrillDownPage variant="standard" {...props} />;
}
