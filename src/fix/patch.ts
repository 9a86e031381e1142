/** Unified diffs of fixed files that stay linear in the file's size, however many lines a fix touched. */
import { createTwoFilesPatch } from 'diff';

/**
 * Myers' diff costs (lines × edits): a fix that touches every line of a large file would take minutes.
 * Beyond this many edited lines the patch is one hunk from the first changed line to the last, which
 * applies the same and costs one pass.
 */
const MAX_EDIT_LENGTH = 2000;

/** Lines with their line breaks, as the diff library counts them. */
function linesOf(text: string): string[] {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

function hunkLines(prefix: ' ' | '-' | '+', lines: readonly string[]): string[] {
  return lines.flatMap((line) =>
    line.endsWith('\n') ? [`${prefix}${line.slice(0, -1)}`] : [`${prefix}${line}`, '\\ No newline at end of file'],
  );
}

const range = (start: number, count: number) => `${count === 0 ? start - 1 : start},${count}`;

/** One hunk covering everything between the common head and tail, with up to 3 lines of context. */
export function singleHunkPatch(oldName: string, newName: string, before: string, after: string): string {
  const a = linesOf(before);
  const b = linesOf(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const from = Math.max(0, head - 3);
  const contextAfter = Math.min(3, tail);
  const oldChanged = a.slice(head, a.length - tail);
  const newChanged = b.slice(head, b.length - tail);
  const lead = a.slice(from, head);
  const trail = a.slice(a.length - tail, a.length - tail + contextAfter);
  const oldCount = lead.length + oldChanged.length + trail.length;
  const newCount = lead.length + newChanged.length + trail.length;
  const out = [
    '===================================================================',
    `--- ${oldName}`,
    `+++ ${newName}`,
    `@@ -${range(from + 1, oldCount)} +${range(from + 1, newCount)} @@`,
    ...hunkLines(' ', lead),
    ...hunkLines('-', oldChanged),
    ...hunkLines('+', newChanged),
    ...hunkLines(' ', trail),
  ];
  return `${out.join('\n')}\n`;
}

/** A unified diff of `before` → `after`, as `patch -p1` applies it. */
export function unifiedPatch(file: string, before: string, after: string): string {
  const oldName = `a/${file}`;
  const newName = `b/${file}`;
  return (
    createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, { maxEditLength: MAX_EDIT_LENGTH }) ??
    singleHunkPatch(oldName, newName, before, after)
  );
}
