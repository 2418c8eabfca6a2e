/** @jest-environment jsdom */
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PatientPicker } from "@/components/posting/PatientPicker";
import type { ActionResult } from "@/lib/posting/errors";
import type { PatientMatch } from "@/lib/posting/lookup";

const anderson = (n: number): PatientMatch => ({
  patientId: n,
  mrn: String(200100 + n),
  firstName: `Amy${n}`,
  lastName: "Anderson",
  dateOfBirth: n === 1 ? "1984-03-02" : null,
  openChargeCount: n === 1 ? 1 : 3,
});

describe("the patient picker", () => {
  it("lists each match with its date of birth and open charges, and says how to narrow a full list", async () => {
    const user = userEvent.setup();
    const search = jest.fn(async (query: string): Promise<ActionResult<PatientMatch[]>> => ({
      ok: true,
      value: query.includes("1984") ? [anderson(1)] : Array.from({ length: 20 }, (_, i) => anderson(i + 1)),
    }));
    const onPick = jest.fn();
    render(<PatientPicker label="Patient" value={null} onPick={onPick} search={search} />);
    const box = screen.getByRole("combobox", { name: "Patient" });
    expect(box).toHaveAccessibleDescription("e.g. anderson 3/2/1984, or an MRN");
    await user.type(box, "anderson");
    expect(await screen.findByRole("option", { name: "Anderson, Amy1 · MRN 200101 · DOB 3/2/1984 · 1 open charge" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Anderson, Amy2 · MRN 200102 · 3 open charges" })).toBeInTheDocument();
    expect(box).toHaveAccessibleDescription("The first 20 matches. Type a date of birth (3/2/1984) or the MRN after the name to narrow.");

    await user.type(box, " 3/2/1984");
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(1));
    expect(search).toHaveBeenLastCalledWith("anderson 3/2/1984");
    expect(box).toHaveAccessibleDescription("e.g. anderson 3/2/1984, or an MRN");
    await user.keyboard("{Enter}");
    expect(onPick).toHaveBeenLastCalledWith(anderson(1));
  });
});
