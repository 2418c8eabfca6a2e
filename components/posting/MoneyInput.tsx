import type { Ref } from "react";

interface Props {
  /** The input's name: the text of its label, or with `hiddenLabel` its aria-label. */
  label: string;
  /** For an input in a table row, whose column header already shows the label. */
  hiddenLabel?: boolean;
  value: string;
  onChange: (text: string) => void;
  /** aria-invalid while the form's error message is about this input. */
  invalid?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/**
 * A dollar amount typed as text ("125.00"), with the decimal keypad on touch screens. The form
 * keeps the text as typed; the shared schema turns it into cents when the form is checked.
 */
export function MoneyInput({ label, hiddenLabel = false, value, onChange, invalid, ref }: Props) {
  const input = (
    <input
      ref={ref}
      aria-label={hiddenLabel ? label : undefined}
      className="posting-money"
      inputMode="decimal"
      placeholder="0.00"
      value={value}
      aria-invalid={invalid || undefined}
      onChange={(event) => onChange(event.target.value)}
    />
  );
  if (hiddenLabel) return input;
  return (
    <label>
      {label}
      {input}
    </label>
  );
}
