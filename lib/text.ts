/*
 * Text typed or pasted into the app. PostgreSQL cannot store a NUL character (its error would
 * surface as a 500), and no reference number, name or reason legitimately holds a control
 * character, so input with one is refused where it is parsed. Tab and line breaks stay allowed.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}
