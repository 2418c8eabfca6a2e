"use client";

export interface Option {
  value: string;
  label: string;
}

/** A compact multi-select: a disclosure with one checkbox per option. None checked means all. */
export function MultiSelect({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: readonly Option[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const summary =
    selected.length === 0
      ? "All"
      : selected.length <= 2
        ? selected.map((value) => options.find((o) => o.value === value)?.label ?? value).join(", ")
        : `${selected.length} selected`;
  return (
    <div className="multi-select">
      <span className="field-label">{label}</span>
      <details>
        <summary aria-label={`${label}: ${summary}`}>{summary}</summary>
        <div className="multi-select-options" role="group" aria-label={label}>
          {options.map((option) => (
            <label key={option.value} className="check">
              <input
                type="checkbox"
                checked={selected.includes(option.value)}
                onChange={(event) =>
                  onChange(
                    event.target.checked ? [...selected, option.value] : selected.filter((value) => value !== option.value),
                  )
                }
              />
              {option.label}
            </label>
          ))}
          {selected.length > 0 && (
            <button type="button" className="link-button" onClick={() => onChange([])}>
              Clear
            </button>
          )}
        </div>
      </details>
    </div>
  );
}
