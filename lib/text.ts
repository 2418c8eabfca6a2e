/*
 * Text typed or pasted into the app. PostgreSQL cannot store a NUL character (its error would
 * surface as a 500), and no reference number, name or reason legitimately holds a control
 * character, so input with one is refused where it is parsed. Tab and line breaks stay allowed.
 *
 * Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are refused too:
 * invisible, they make a stored value read differently from what it is ("Trojan Source").
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text) || BIDI_CONTROL.test(text);
}

/**
 * What a field's message says it must not contain, or null when the text is acceptable:
 * "control characters", or "text-direction control characters (U+202E)" naming the first one found.
 */
export function controlCharacterProblem(text: string): string | null {
  if (CONTROL_CHARACTER.test(text)) return "control characters";
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) return `text-direction control characters (U+${bidi[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})`;
  return null;
}
