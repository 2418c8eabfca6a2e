"use client";

import { useId, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { formatUsDate } from "@/lib/dates";
import type { ActionResult } from "@/lib/posting/errors";
import type { PatientMatch } from "@/lib/posting/lookup";
import { PATIENT_SEARCH_LIMIT } from "@/lib/posting/schemas";

export function describePatient(patient: PatientMatch): string {
  const born = patient.dateOfBirth ? ` · DOB ${formatUsDate(patient.dateOfBirth)}` : "";
  return `${patient.lastName}, ${patient.firstName} · MRN ${patient.mrn}${born}`;
}

/** A list entry: who, and how many of their charges still have money open. */
function optionText(patient: PatientMatch): string {
  const count = patient.openChargeCount ?? 0;
  return `${describePatient(patient)} · ${count === 0 ? "no open charges" : count === 1 ? "1 open charge" : `${count} open charges`}`;
}

const NARROWING_HINT = "Type a date of birth (3/2/1984) or the MRN after the name to narrow.";

interface Props {
  label: string;
  value: PatientMatch | null;
  onPick: (patient: PatientMatch | null) => void;
  search: (query: string) => Promise<ActionResult<PatientMatch[]>>;
  inputRef?: Ref<HTMLInputElement>;
}

const SEARCH_DELAY_MS = 200;

/**
 * A keyboard combobox: type a name, an MRN or a date of birth, or a name narrowed by either
 * ("anderson 3/2/1984"), ↓/↑ to choose, Enter to take it, Esc to close. Each match shows its
 * date of birth and open charges, so namesakes can be told apart.
 * Enter on a chosen patient is left to the form (it moves on to the next field).
 */
export function PatientPicker({ label, value, onPick, search, inputRef }: Props) {
  const id = useId();
  const listId = `${id}-list`;
  /** The text while the poster is typing; null shows the chosen patient. */
  const [draft, setDraft] = useState<string | null>(null);
  const [options, setOptions] = useState<PatientMatch[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  async function runSearch(query: string) {
    const ticket = ++latest.current;
    const result = await search(query);
    if (ticket !== latest.current) return;
    if (!result.ok) {
      setNotice(result.error);
      setOpen(false);
      return;
    }
    setOptions(result.value);
    setActive(0);
    setOpen(result.value.length > 0);
    setNotice(
      result.value.length === 0
        ? `No patient matches “${query}”.`
        : result.value.length >= PATIENT_SEARCH_LIMIT
          ? `The first ${PATIENT_SEARCH_LIMIT} matches. ${NARROWING_HINT}`
          : null,
    );
  }

  function change(text: string) {
    setDraft(text);
    if (value) onPick(null);
    if (timer.current) clearTimeout(timer.current);
    if (text.trim().length < 2) {
      latest.current++;
      setOpen(false);
      setNotice(null);
      return;
    }
    timer.current = setTimeout(() => void runSearch(text.trim()), SEARCH_DELAY_MS);
  }

  function pick(patient: PatientMatch) {
    setDraft(null);
    setOpen(false);
    setNotice(null);
    onPick(patient);
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open && options.length > 0) setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => Math.min(Math.max(current + step, 0), Math.max(options.length - 1, 0)));
    } else if (event.key === "Enter") {
      if (open && options[active]) {
        event.preventDefault();
        pick(options[active]);
      } else if (!value && draft && draft.trim().length > 0) {
        event.preventDefault();
        if (timer.current) clearTimeout(timer.current);
        void runSearch(draft.trim());
      }
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  const shown = draft ?? (value ? describePatient(value) : "");
  return (
    <div className="posting-combobox">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${id}-option-${options[active].patientId}` : undefined}
        autoComplete="off"
        placeholder="Name, MRN or date of birth"
        aria-describedby={`${id}-hint`}
        value={shown}
        onChange={(event) => change(event.target.value)}
        onKeyDown={keyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={`${label} matches`} hidden={!open}>
        {options.map((patient, index) => (
          <li
            key={patient.patientId}
            id={`${id}-option-${patient.patientId}`}
            role="option"
            aria-selected={index === active}
            // mousedown, not click: it lands before the input's blur closes the list.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(patient);
            }}
          >
            {optionText(patient)}
          </li>
        ))}
      </ul>
      <span id={`${id}-hint`} className="posting-hint" aria-live="polite">
        {notice ?? (value ? null : "e.g. anderson 3/2/1984, or an MRN")}
      </span>
    </div>
  );
}
