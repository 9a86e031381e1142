/** Regular expressions in rules cannot hang a run: custom ones run in linear time, built-in ones are kept linear by this test. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint, lintText } from '../../src';
import { BUILT_IN_RULES_DIR, loadRules, RuleLoadError } from '../../src/engine/load-rules';
import { foldCase } from '../../src/util/rule-regexp';
import { allDescriptors } from '../../src/sources/registry';

const rule = (id: string, kind: string, scope: string, conditions: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  kind,
  scope,
  severity: 'warning',
  title: 'A company rule',
  description: 'Found by a custom pattern.',
  message: 'matched',
  fix: ['Look.'],
  reference: { document: 'Company handbook', section: 'Patterns' },
  conditions,
  ...extra,
});

const valueMatches = (value: unknown) => ({ all: [{ fact: 'value', operator: 'matches', value }] });
const logCount = (pattern: string, flags?: string) => ({
  all: [{ fact: 'matchCount', params: { pattern, ...(flags ? { flags } : {}) }, operator: 'greaterThan', value: 0 }],
});

function ruleDir(rules: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-regexp-'));
  for (const [name, content] of Object.entries(rules)) {
    mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadRules([dir], allDescriptors());
    return [];
  } catch (error) {
    if (error instanceof RuleLoadError) return error.problems;
    throw error;
  }
}

describe("a custom rule's pattern", () => {
  it('^(a+)+$ on a property value ends at once (it took 52.8 s on 30 characters)', async () => {
    const dir = ruleDir({ 'company/redos.json': rule('company/redos', 'properties', 'property', valueMatches('^(a+)+$')) });
    const started = performance.now();
    const result = await lintText(`setup.displayName=${'a'.repeat(30)}!\nsetup.baseUrl=${'a'.repeat(40)}\n`, { ruleDirs: [dir] });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.diagnostics.filter((d) => d.ruleId === 'company/redos').map((d) => d.line)).toEqual([2]);
  });

  it('a catastrophic log pattern ends at once on a long line, with i folded in by hand', async () => {
    const dir = ruleDir({ 'company/log-redos.json': rule('company/log-redos', 'log', 'file', logCount('^(x+x+)+y$', 'i')) });
    const folder = mkdtempSync(path.join(tmpdir(), 'bml-regexp-log-'));
    writeFileSync(path.join(folder, 'atlassian-bitbucket.log'), `${'x'.repeat(33)}\n${'X'.repeat(40)}Y\n`);
    const started = performance.now();
    const report = await lint([folder], { ruleDirs: [dir] });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(report.results[0]?.diagnostics.map((d) => d.ruleId)).toEqual(['company/log-redos']);
  });

  it('two log rules may name a group alike', async () => {
    const dir = ruleDir({
      'company/one.json': rule('company/one', 'log', 'file', logCount('(?<what>Connection refused)')),
      'company/two.json': rule('company/two', 'log', 'file', logCount('(?<what>timed out)')),
    });
    const result = await lintText('x Connection refused\ny timed out\n', { file: 'atlassian-bitbucket.log', ruleDirs: [dir] });
    expect(result.diagnostics.map((d) => d.ruleId).filter((id) => id.startsWith('company/'))).toEqual(['company/one', 'company/two']);
  });

  it.each([
    ['a backreference', valueMatches('(a)\\1'), 'needs backtracking (a backreference, lookahead or lookbehind)'],
    ['a lookahead', valueMatches('pass(?=word)'), 'needs backtracking'],
    ['a pattern that does not compile', valueMatches('([a-z]'), '/([a-z]/ is not a valid regular expression (Unterminated group)'],
    [
      'the g flag',
      valueMatches({ pattern: 'x', flags: 'g' }),
      'the flags "g" of /x/ are not allowed: use i, m, s or u (g and y make a rule miss matches)',
    ],
    ['a pattern that is no string', valueMatches({ pattern: 5 }), 'a pattern must be a string, not 5'],
  ])('with %s is a load error naming the rule file', (_name, conditions, message) => {
    const dir = ruleDir({ 'company/bad.json': rule('company/bad', 'properties', 'property', conditions) });
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(path.join(dir, 'company', 'bad.json'));
    expect(problems[0]).toContain(message);
  });

  it('nested thousands of levels deep is a load error, not a stack overflow', () => {
    // Written as text: JSON.stringify itself overflows on such a value.
    const deep = `${'{"not":'.repeat(5000)}{"fact":"key","operator":"equal","value":"x"}${'}'.repeat(5000)}`;
    const text = JSON.stringify(rule('company/deep', 'properties', 'property', { all: ['DEEP'] })).replace('"DEEP"', deep);
    const dir = ruleDir({ 'company/deep.json': text });
    expect(problemsOf(dir)).toEqual([`${path.join(dir, 'company', 'deep.json')}: nests 5004 levels deep; a rule file nests at most 64`]);
  });
});

describe('foldCase', () => {
  it.each([
    ['abc', 'xAbCx', true],
    ['^[a-c]+$', 'ABC', true],
    ['[^a-z]', 'A', false],
    ['(?<name>x)\\d{2,3}', 'X12', true],
    ['café', 'CAFÉ', true],
    ['[é]', 'É', true],
    ['\\u0041', 'a', true],
    ['\\x62c', 'BC', true],
  ])('/%s/i, folded, matches %s as /i does: %s', (pattern, text, expected) => {
    expect(new RegExp(pattern, 'i').test(text)).toBe(expected);
    expect(new RegExp(foldCase(pattern)).test(text)).toBe(expected);
  });
});

describe('built-in patterns', () => {
  // Every pattern of the built-in rules against runs of each character they mention, and of the
  // usual suspects: a pattern that backtracks over a run shows up as seconds.
  const patterns = new Set<string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record['pattern'] === 'string')
        patterns.add(`${typeof record['flags'] === 'string' ? record['flags'] : ''}/${record['pattern']}`);
      if (record['operator'] === 'matches' && typeof record['value'] === 'string') patterns.add(`/${record['value']}`);
      Object.values(record).forEach(collect);
    }
  };
  loadRules([BUILT_IN_RULES_DIR], allDescriptors()).forEach(collect);

  it.each([...patterns].map((p) => [p]))('%s stays linear on 20,000-character runs', (key) => {
    const slash = key.indexOf('/');
    const regexp = new RegExp(key.slice(slash + 1), key.slice(0, slash));
    const alphabet = new Set([...key.slice(slash + 1).replace(/\\[a-zA-Z]/g, ''), ' ', 'a', '0', '.', '-', '\\', '\n']);
    const started = performance.now();
    for (const char of alphabet) for (const around of ['', 'x', '\n']) regexp.test(around + char.repeat(20_000) + around);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
