/** The bounds on what one file may cost (issue #14), with the limits lowered so each case stays small. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintText } from '../../src';
import { LIMITS } from '../../src/model/limits';
import { LineSplitter } from '../../src/sources/log/lines';
import { NOW, runRule } from '../support/rule-tester';

const saved = { ...LIMITS };
beforeAll(() => Object.assign(LIMITS, { propertiesPerFile: 20, certificatesPerFile: 3, findingsPerRule: 5 }));
afterAll(() => Object.assign(LIMITS, saved));

const cert = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'pki', 'mirror.crt'), 'utf8');
const certLines = cert.trimEnd().split('\n').length;
const host = 'mirror.example.com';

runRule('properties/too-many-properties', {
  valid: [{ name: 'exactly the limit', code: Array.from({ length: 20 }, (_, i) => `plugin.mirroring.k${i}=v`).join('\n') }],
  invalid: [
    {
      name: 'past the limit after a comment: reading stops at the first property left unread',
      code: `# generated\n${Array.from({ length: 23 }, (_, i) => `plugin.mirroring.k${i}=v`).join('\n')}\n`,
      errors: [{ line: 1, message: 'Only the first 20 properties were read: from line 22 on, nothing was judged' }],
    },
  ],
});

runRule('cert/too-many-certificates', {
  valid: [{ name: 'exactly the limit', code: cert.repeat(3), options: { file: 'bundle.pem', host } }],
  invalid: [
    {
      name: 'two past the limit: the first are read and judged, the rest counted',
      code: cert.repeat(5),
      options: { file: 'bundle.pem', host },
      errors: [{ line: 3 * certLines + 1, message: 'This file holds 2 more certificates after the first 3, which were not read' }],
    },
  ],
});

describe('findings of one rule in one file', () => {
  it('past the limit are counted in one finding of the same rule, at the first left out', async () => {
    const text = `application.mode=mirror\n${'server.port=7990\n'.repeat(12)}`;
    const found = (await lintText(text, { now: NOW })).diagnostics.filter((d) => d.ruleId === 'properties/duplicate-key');
    expect(found.map((d) => d.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(found[5]?.message).toBe('6 more findings of properties/duplicate-key in this file, from here on, are not listed (the first 5 are)');
  });

  it('the count takes the severity of the worst finding it stands for', async () => {
    const text = `${'application.mode=mirror\nserver.port=7990\n'.repeat(3)}${'plugin.mirroring.upstream.url=x\n'.repeat(8)}`;
    const found = (await lintText(text, { now: NOW, rules: { 'properties/duplicate-key': 'error' } })).diagnostics.filter((d) => d.ruleId === 'properties/duplicate-key');
    expect(found).toHaveLength(6);
    expect(found.every((d) => d.severity === 'error')).toBe(true);
  });
});

runRule('logs/long-lines', {
  valid: [{ name: 'lines under the limit', code: '2026-11-24 INFO ok\n2026-11-24 INFO ok\n', options: { file: 'atlassian-bitbucket.log' } }],
  invalid: [
    {
      name: 'two long lines, the first on line 2',
      code: `ok\n${'x'.repeat(70 * 1024)}\nok\n${'y'.repeat(65 * 1024)}`,
      options: { file: 'atlassian-bitbucket.log' },
      errors: [{ line: 1, severity: 'info', message: '2 line(s) are longer than 64 KiB and were searched only that far (the first is line 2)' }],
    },
  ],
});

describe('a log line of any length', () => {
  it('is searched up to the limit and the rest skipped, however long, streamed in any chunks', () => {
    const seen: [string, boolean][] = [];
    const lines = new LineSplitter({ line: (text, cut) => seen.push([text.slice(0, 12), cut]) });
    const limit = LIMITS.logLineBytes;
    lines.push(Buffer.from('first\r\nJwtExpiredException'));
    for (let i = 0; i < 50; i += 1) lines.push(Buffer.alloc(limit, 0x61));
    lines.push(Buffer.from('\nlast'));
    lines.end();
    expect(seen).toEqual([
      ['first', false],
      ['JwtExpiredEx', true],
      ['last', false],
    ]);
  });
});
