/** The one-hunk patch used when a fix touched too many lines for Myers' diff: git must apply it exactly. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { singleHunkPatch } from '../../src/fix/patch';

function applies(before: string, after: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-patch-'));
  writeFileSync(path.join(dir, 'f'), before);
  execFileSync('git', ['apply', '--whitespace=nowarn', '-p1', '-'], {
    cwd: dir,
    input: singleHunkPatch('a/f', 'b/f', before, after),
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  return readFileSync(path.join(dir, 'f'), 'utf8');
}

describe('singleHunkPatch', () => {
  it.each([
    ['a change in the middle', 'a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nb\nc\nD\nE\nf\ng\nh\n'],
    ['lines added at the end', 'a\nb\n', 'a\nb\nc\nd\n'],
    ['no line break at the end, before', 'a\nb', 'a\nb\nc\n'],
    ['no line break at the end, after', 'a\nb\n', 'a\nB'],
    ['the first line deleted', 'x\na\nb\n', 'a\nb\n'],
    ['CRLF lines', 'a\r\nb  \r\nc\r\n', 'a\r\nb\r\nc\r\n'],
  ])('%s', (_name, before, after) => {
    expect(applies(before, after)).toBe(after);
  });

  it('any edit of any lines applies exactly', () => {
    const line = fc.stringMatching(/^[a-z =]{0,6}$/);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(line, { maxLength: 12 }), fc.boolean(), fc.boolean(), (a, b, endA, endB) => {
        const before = a.join('\n') + (endA && a.length > 0 ? '\n' : '');
        const after = b.join('\n') + (endB && b.length > 0 ? '\n' : '');
        if (before === after) return;
        expect(applies(before, after)).toBe(after);
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 60), seed: Number(process.env['FC_SEED'] ?? 7) },
    );
  });
});
