/** @jest-environment jsdom */
import { renderHook, waitFor } from "@testing-library/react";
import type { ColDef } from "ag-grid-community";
import type { CustomCellRendererProps } from "ag-grid-react";
import { renderToString } from "react-dom/server";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { lazyModule } from "@/components/reports/lazy-module";

interface Check {
  id: number;
  payer: string;
  amountCents: number;
  method: string;
}

const rows: Check[] = [
  { id: 11, payer: "Aetna", amountCents: 123456, method: "check" },
  { id: 12, payer: "Cigna", amountCents: -2500, method: "eft" },
];
const totals: Check[] = [{ id: 0, payer: "Total", amountCents: 120956, method: "" }];

const PayerCell = ({ data, node }: CustomCellRendererProps<Check>) =>
  node.rowPinned ? <strong>{data!.payer}</strong> : <a href={`/payments/${data!.id}`}>{data!.payer}</a>;

const columns: ColDef<Check>[] = [
  { colId: "amount", field: "amountCents", headerName: "Amount", type: "money", pinned: "right" },
  { colId: "payer", field: "payer", headerName: "Payer", cellRenderer: PayerCell, pinned: "left" },
  { colId: "method", field: "method", headerName: "Method", valueFormatter: (p) => String(p.value).toUpperCase() },
  { colId: "hidden", field: "id", headerName: "Id", hide: true },
];

function serverHtml(): Document {
  const html = renderToString(<ReportGrid<Check> columnDefs={columns} rowData={rows} totalRows={totals} rowIdOf={(row) => String(row.id)} />);
  return new DOMParser().parseFromString(html, "text/html");
}

const texts = (elements: NodeListOf<Element>) => Array.from(elements, (element) => element.textContent);

describe("the server's preview of a grid", () => {
  it("lays the columns out as the grid does: pinned left, the rest, pinned right; hidden ones left out", () => {
    expect(texts(serverHtml().querySelectorAll("[data-grid-preview] thead th"))).toEqual(["Payer", "Method", "Amount"]);
  });

  it("shows each row through the column's renderer and formatter, money as dollars with negatives marked", () => {
    const body = serverHtml().querySelectorAll("[data-grid-preview] tbody tr");
    expect(Array.from(body, (row) => texts(row.querySelectorAll("td")))).toEqual([
      ["Aetna", "CHECK", "$1,234.56"],
      ["Cigna", "EFT", "-$25.00"],
    ]);
    expect(body[0]!.querySelector("a")!.getAttribute("href")).toBe("/payments/11");
    expect(body[1]!.querySelectorAll("td")[2]!.className).toContain("money-negative");
  });

  it("puts the pinned totals in its footer, rendered as pinned rows", () => {
    const footer = serverHtml().querySelector("[data-grid-preview] tfoot tr")!;
    expect(texts(footer.querySelectorAll("td"))).toEqual(["Total", "", "$1,209.56"]);
    expect(footer.querySelector("strong")!.textContent).toBe("Total");
  });
});

describe("a module loaded after hydration", () => {
  it("is null until loaded, then the module", async () => {
    const useGreeting = lazyModule(() => Promise.resolve("hello"));
    const { result } = renderHook(() => useGreeting());
    await waitFor(() => expect(result.current).toEqual({ loaded: "hello", failed: false }));
  });

  it("says it failed when the download fails, and tries again on the next mount", async () => {
    let attempts = 0;
    const useFlaky = lazyModule(() => (++attempts === 1 ? Promise.reject(new Error("chunk failed")) : Promise.resolve(42)));
    const first = renderHook(() => useFlaky());
    await waitFor(() => expect(first.result.current).toEqual({ loaded: null, failed: true }));
    first.unmount();
    const second = renderHook(() => useFlaky());
    await waitFor(() => expect(second.result.current).toEqual({ loaded: 42, failed: false }));
    expect(attempts).toBe(2);
  });
});
