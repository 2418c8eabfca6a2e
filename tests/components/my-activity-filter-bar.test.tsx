/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MyActivityFilterBar } from "@/components/my-activity/MyActivityFilterBar";
import { parseMyActivityQuery } from "@/lib/reports/my-activity/search-params";

const push = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

const TODAY = "2026-03-10";

beforeEach(() => push.mockClear());

function pushedUrl(): URL {
  expect(push).toHaveBeenCalledTimes(1);
  return new URL(push.mock.calls[0]![0] as string, "http://localhost");
}

function setDate(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("My Payment Activity filter bar", () => {
  it("writes By and the date range into the URL, and the URL reads back as the same filters", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: TODAY, to: TODAY, batch: "" }} today={TODAY} />);
    await userEvent.selectOptions(screen.getByLabelText("By"), "posting");
    setDate("From", "2026-03-01");
    setDate("To", "2026-03-31");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));

    const url = pushedUrl();
    expect(`${url.pathname}${url.search}`).toBe("/payments/my-activity?by=posting&from=2026-03-01&to=2026-03-31");
    expect(parseMyActivityQuery(url.searchParams, TODAY)).toEqual({
      ok: true,
      value: { by: "posting", kind: "range", from: "2026-03-01", to: "2026-03-31" },
    });
  });

  it("writes the batch state chosen into the URL as batch_state", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: TODAY, to: TODAY, batch: "" }} today={TODAY} />);
    await userEvent.selectOptions(screen.getByLabelText("Batches"), "closed");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    const url = pushedUrl();
    expect(url.searchParams.get("batch_state")).toBe("closed");
    expect(parseMyActivityQuery(url.searchParams, TODAY)).toMatchObject({ ok: true, value: { batchState: "closed" } });
  });

  it("opens with the filters of the URL it was rendered from", () => {
    const parsed = parseMyActivityQuery(new URLSearchParams("by=posting&from=2026-02-01&to=2026-02-28"), TODAY);
    if (!parsed.ok || parsed.value.kind !== "range") throw new Error("the test URL should parse");
    const { by, from, to } = parsed.value;
    render(<MyActivityFilterBar initial={{ by, from, to, batch: "" }} today={TODAY} />);
    expect(screen.getByLabelText("By")).toHaveValue("posting");
    expect(screen.getByLabelText("From")).toHaveValue("2026-02-01");
    expect(screen.getByLabelText("To")).toHaveValue("2026-02-28");
    expect(screen.getByLabelText("Batch number")).toHaveValue("");
  });

  it("keeps today's report relative when its dates are left as a link without dates opened them", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: TODAY, to: TODAY, batch: "" }} today={TODAY} />);
    await userEvent.selectOptions(screen.getByLabelText("By"), "posting");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    const url = pushedUrl();
    expect(`${url.pathname}${url.search}`).toBe("/payments/my-activity?by=posting");
  });

  it("keeps the dates a link named, even when they are today's", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: TODAY, to: TODAY, batch: "" }} today={TODAY} datesInUrl />);
    await userEvent.selectOptions(screen.getByLabelText("By"), "posting");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    const url = pushedUrl();
    expect(`${url.pathname}${url.search}`).toBe(`/payments/my-activity?by=posting&from=${TODAY}&to=${TODAY}`);
  });

  it("clears the dates when a batch number is entered, and searches by that batch", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: "2026-03-01", to: "2026-03-31", batch: "" }} today={TODAY} />);
    await userEvent.type(screen.getByLabelText("Batch number"), "B260302-P1-1");
    expect(screen.getByLabelText("From")).toHaveValue("");
    expect(screen.getByLabelText("To")).toHaveValue("");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));

    const url = pushedUrl();
    expect(`${url.pathname}${url.search}`).toBe("/payments/my-activity?by=deposit&batch=B260302-P1-1");
    expect(parseMyActivityQuery(url.searchParams, TODAY)).toEqual({
      ok: true,
      value: { by: "deposit", kind: "batch", batch: "B260302-P1-1" },
    });
  });

  it("clears the batch number when a date is entered", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: "", to: "", batch: "B-1" }} today={TODAY} />);
    setDate("From", "2026-03-02");
    expect(screen.getByLabelText("Batch number")).toHaveValue("");
  });

  it("shows the schema's message and does not navigate when the range is backwards", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: TODAY, to: TODAY, batch: "" }} today={TODAY} />);
    setDate("From", "2026-03-31");
    setDate("To", "2026-03-01");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(push).not.toHaveBeenCalled();
    expect(screen.getByRole("alert")).toHaveTextContent("The start date 3/31/2026 is after the end date 3/1/2026.");
  });

  it("searches today's report, kept relative, when both dates are cleared", async () => {
    render(<MyActivityFilterBar initial={{ by: "deposit", from: TODAY, to: TODAY, batch: "" }} today={TODAY} />);
    setDate("From", "");
    setDate("To", "");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    const url = pushedUrl();
    expect(`${url.pathname}${url.search}`).toBe("/payments/my-activity?by=deposit");
  });
});
