/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import { PostedByDayChart } from "@/components/payment-balancing/PostedByDayChart";
import { postedByDay } from "@/lib/reports/payment-balancing/posted-by-day";

// Three days of March: a normal day, a day of ERA and EMR money with $25 unapplied, and a quiet day.
const chart = postedByDay(
  [
    { day: "2026-03-02", source: "manual", postedCents: 30000, unappliedCents: 5000 },
    { day: "2026-03-02", source: null, postedCents: 30000, unappliedCents: 5000 },
    { day: "2026-03-03", source: "era", postedCents: 12000, unappliedCents: 0 },
    { day: "2026-03-03", source: "emr_integration", postedCents: 2500, unappliedCents: 2500 },
    { day: "2026-03-03", source: null, postedCents: 14500, unappliedCents: 2500 },
  ],
  "2026-03-02",
  "2026-03-04",
);

describe("Posted per day chart", () => {
  it("is one image named by a summary a screen reader can read", () => {
    render(<PostedByDayChart chart={chart} by="deposit" />);
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe(
      "Posted per deposit date by source, 3/2/2026 to 3/4/2026: 3 days, the highest 3/2/2026 ($300.00), the lowest 3/4/2026 ($0.00); " +
        "unapplied money on 2 of them, most on 3/2/2026 ($50.00).",
    );
    expect(screen.getByText("Posted per deposit date")).toBeTruthy();
  });

  it("stacks a bar per day by source, titled with its sums, and marks the unapplied amount", () => {
    const { container } = render(<PostedByDayChart chart={chart} by="posting" />);
    const bars = [...container.querySelectorAll("svg > g")].filter((g) => g.querySelector("title"));
    expect(bars.map((g) => g.querySelector("title")!.textContent)).toEqual([
      "3/2/2026: posted $300.00 (Manual $300.00); unapplied $50.00",
      "3/3/2026: posted $145.00 (ERA $120.00, EMR integration $25.00); unapplied $25.00",
      "3/4/2026: posted $0.00; unapplied $0.00",
    ]);
    expect(bars.map((g) => [g.querySelectorAll("rect").length, g.querySelectorAll("path").length])).toEqual([
      [1, 1],
      [2, 1],
      [0, 0],
    ]);
    // ERA sits on the baseline and EMR above it: the stack's order is the ledger's sources'.
    const [era, emr] = [...bars[1]!.querySelectorAll("rect")];
    expect(Number(emr!.getAttribute("y")) + Number(emr!.getAttribute("height"))).toBeCloseTo(Number(era!.getAttribute("y")));
  });
});
