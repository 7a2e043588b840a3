import type { Finding, TextEdit } from './types';

/** Applies the first fix of each finding (only safe ones when asked), skipping fixes that overlap an earlier one. */
export function applyFixes(text: string, findings: readonly Finding[], safeOnly: boolean): { text: string; applied: number } {
  const chosen: TextEdit[][] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => !safeOnly || x.safe);
    if (fix && fix.edits.length > 0) chosen.push(fix.edits);
  }
  const accepted: TextEdit[] = [];
  let applied = 0;
  for (const edits of chosen) {
    const overlaps = edits.some((e) => accepted.some((a) => e.start < a.end && a.start < e.end || (e.start === a.start && e.end === a.end)));
    if (overlaps) continue;
    accepted.push(...edits);
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of accepted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied };
}
