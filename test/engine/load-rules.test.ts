import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintText, listRules } from '../../src';
import { BUILT_IN_RULES_DIR, loadRules, RuleLoadError } from '../../src/engine/load-rules';
import { allDescriptors } from '../../src/sources/registry';

const goodRule = {
  id: 'company/no-debug',
  kind: 'properties',
  scope: 'property',
  severity: 'warning',
  title: 'No debug logging in production',
  description: 'Debug logging fills the disk.',
  message: '`{{key}}` turns on debug logging',
  fix: ['Remove the line.'],
  reference: { document: 'Company handbook', section: 'Logging' },
  conditions: { all: [{ fact: 'key', operator: 'equal', value: 'logging.debug.enabled' }] },
};

function ruleDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-rules-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadRules([dir], allDescriptors());
  } catch (error) {
    if (error instanceof RuleLoadError) return error.problems;
    throw error;
  }
  return [];
}

describe('rule loading', () => {
  it('loads every built-in rule', () => {
    const rules = loadRules([BUILT_IN_RULES_DIR], allDescriptors());
    expect(rules.length).toBeGreaterThanOrEqual(26);
    expect(listRules().map((r) => r.id)).toContain('mirror/no-https');
  });

  it('runs custom rules from an extra folder', async () => {
    const dir = ruleDir({ 'company/no-debug.json': goodRule });
    const result = await lintText('logging.debug.enabled=true\n', { ruleDirs: [dir] });
    expect(result.diagnostics.filter((d) => d.ruleId === 'company/no-debug')).toMatchObject([
      { line: 1, severity: 'warning', message: '`logging.debug.enabled` turns on debug logging' },
    ]);
  });

  it.each([
    ['a simple path (resolved by property lookups)', '$.host'],
    ['a JSONPath the lookups do not handle (the engine keeps JSONPath)', "$['host']"],
  ])('a custom rule with %s', async (_name, jsonPath) => {
    const rule = {
      ...goodRule,
      id: 'company/upstream-host',
      scope: 'file',
      message: 'upstream is on {{upstreamHost}}',
      conditions: {
        all: [
          {
            fact: 'url',
            params: { key: 'plugin.mirroring.upstream.url' },
            path: jsonPath,
            operator: 'equal',
            value: 'bitbucket.example.com',
          },
        ],
      },
      data: { upstreamHost: { fact: 'url', params: { key: 'plugin.mirroring.upstream.url' }, path: jsonPath } },
    };
    const dir = ruleDir({ 'company/upstream-host.json': rule });
    const found = async (text: string) =>
      (await lintText(text, { ruleDirs: [dir] })).diagnostics.filter((d) => d.ruleId === 'company/upstream-host').map((d) => d.message);
    expect(await found('plugin.mirroring.upstream.url=https://bitbucket.example.com\n')).toEqual(['upstream is on bitbucket.example.com']);
    expect(await found('plugin.mirroring.upstream.url=https://other.example.com\n')).toEqual([]);
  });

  it('names the file and the zod issue of an invalid rule', () => {
    const dir = ruleDir({ 'company/no-debug.json': { ...goodRule, severity: 'fatal' } });
    const [problem] = problemsOf(dir);
    expect(problem).toContain(path.join(dir, 'company', 'no-debug.json'));
    expect(problem).toContain('severity');
  });

  it('reports JSON syntax errors with the path', () => {
    const dir = ruleDir({ 'company/broken.json': '{ "id": ' });
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/broken\.json: not valid JSON/)]);
  });

  it('checks fact names, operators, the id against the path, and duplicates', () => {
    const dir = ruleDir({
      'company/no-debug.json': {
        ...goodRule,
        conditions: {
          all: [
            { fact: 'kee', operator: 'equals', value: 'x' },
            { fact: 'key', operator: 'nope:matches', value: 'x' },
          ],
        },
      },
      'company/other.json': { ...goodRule },
      'company/third.json': { ...goodRule, id: 'company/third', kind: 'nonsense' },
    });
    const problems = problemsOf(dir).join('\n');
    expect(problems).toContain('unknown fact "kee"');
    expect(problems).toContain('unknown operator "equals"');
    expect(problems).toContain('unknown operator decorator "nope"');
    expect(problems).toContain('id "company/no-debug" does not match its path (expected "company/other")');
    expect(problems).toContain('kind "nonsense" has no fact source');
  });
});

describe('validated built-in rules', () => {
  it('trusting the build-validated hashes loads exactly what full validation loads', () => {
    const trusted = loadRules([BUILT_IN_RULES_DIR], allDescriptors());
    const validated = loadRules([BUILT_IN_RULES_DIR], allDescriptors(), { trustValidated: false });
    expect(trusted).toEqual(validated);
  });
});
