"use client";

import { GROUP_DIMENSIONS, GROUP_LABELS, withGrouping, type GroupDimension } from "@/lib/reports/payment-balancing/search-params";
import { useReportUrl } from "@/components/reports/useReportUrl";

/**
 * Group by: ordered chips (the first is the outer level) that can be moved, removed and
 * added. Each change writes `group=` to the URL and closes every open group.
 */
export function GroupingPicker({ groups }: { groups: GroupDimension[] }) {
  const { params, navigate, pending } = useReportUrl();
  const remaining = GROUP_DIMENSIONS.filter((dimension) => !groups.includes(dimension));

  function apply(next: GroupDimension[]) {
    navigate(withGrouping(params, next));
  }

  function move(index: number, by: -1 | 1) {
    const next = [...groups];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    apply(next);
  }

  return (
    <div className="grouping" role="group" aria-label="Group by" aria-busy={pending}>
      <span className="grouping-title">Group by</span>
      {groups.length === 0 && <span className="muted">nothing (one line per payment)</span>}
      <ol className="chips">
        {groups.map((dimension, index) => (
          <li key={dimension} className="chip" aria-label={`Level ${index + 1}: ${GROUP_LABELS[dimension]}`}>
            <span>{GROUP_LABELS[dimension]}</span>
            <button type="button" aria-label={`Move ${GROUP_LABELS[dimension]} out`} disabled={index === 0} onClick={() => move(index, -1)}>
              ←
            </button>
            <button
              type="button"
              aria-label={`Move ${GROUP_LABELS[dimension]} in`}
              disabled={index === groups.length - 1}
              onClick={() => move(index, 1)}
            >
              →
            </button>
            <button type="button" aria-label={`Remove ${GROUP_LABELS[dimension]}`} onClick={() => apply(groups.filter((g) => g !== dimension))}>
              ×
            </button>
          </li>
        ))}
      </ol>
      {remaining.length > 0 && (
        <select
          aria-label="Add a grouping level"
          value=""
          onChange={(event) => {
            if (event.target.value) apply([...groups, event.target.value as GroupDimension]);
          }}
        >
          <option value="">+ Add level…</option>
          {remaining.map((dimension) => (
            <option key={dimension} value={dimension}>
              {GROUP_LABELS[dimension]}
            </option>
          ))}
        </select>
      )}
      {groups.length > 0 && (
        <button type="button" className="link-button" onClick={() => apply([])}>
          Clear grouping
        </button>
      )}
    </div>
  );
}
