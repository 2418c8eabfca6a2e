"use client";

import { useState } from "react";
import { GROUP_DIMENSIONS, GROUP_LABELS, withGrouping, type GroupDimension } from "@/lib/reports/payment-balancing/search-params";
import { useReportUrl } from "@/components/reports/useReportUrl";

/**
 * Group by: ordered chips (the first is the outer level) that can be moved, removed and
 * added. Each change writes `group=` to the URL and closes every open group. A level is added
 * by choosing it and pressing Add level: a select that added on change added one level for
 * every ArrowDown a keyboard user pressed to look through the choices.
 */
export function GroupingPicker({ groups }: { groups: GroupDimension[] }) {
  const { params, navigate, pending } = useReportUrl();
  const remaining = GROUP_DIMENSIONS.filter((dimension) => !groups.includes(dimension));
  const [choice, setChoice] = useState<GroupDimension | undefined>(remaining[0]);
  // Once the choice is a level already, the first one left is offered instead.
  const chosen = choice !== undefined && remaining.includes(choice) ? choice : remaining[0];

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
      {chosen !== undefined && (
        <span className="add-level">
          <select aria-label="Level to add" value={chosen} onChange={(event) => setChoice(event.target.value as GroupDimension)}>
            {remaining.map((dimension) => (
              <option key={dimension} value={dimension}>
                {GROUP_LABELS[dimension]}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => apply([...groups, chosen])}>
            + Add level
          </button>
        </span>
      )}
      {groups.length > 0 && (
        <button type="button" className="link-button" onClick={() => apply([])}>
          Clear grouping
        </button>
      )}
    </div>
  );
}
