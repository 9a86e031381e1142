import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatReport } from '../../src/formatters';
import type { LintReport } from '../../src/model/report';
import { runCli } from '../support/cli';
import { MIRROR_PLAIN_HTTP, mirrorConfig, NOW } from '../support/rule-tester';
import { sarifSchemaErrors } from '../support/sarif';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bml-format-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const broken = [
  '# bitbucket-mirror-lint-disable-next-line properties/unknown-key -- read by our audit plugin',
  'com.example.audit=on',
  'application.mode=mirror',
  'server.port=7990',
  'server.port=7990, "quoted"',
].join('\n');

interface SarifLog {
  runs: {
    originalUriBaseIds?: Record<string, { uri: string }>;
    tool: {
      driver: { name: string; version: string; informationUri: string; rules: { id: string; helpUri: string; help: { text: string } }[] };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
        logicalLocations?: { name: string }[];
      }[];
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

describe('SARIF', () => {
  it('validates against the official SARIF 2.1.0 schema and has what GitHub code scanning needs', async () => {
    const cwd = workspace({ 'bitbucket.properties': broken });
    const run = await runCli(['--format', 'sarif', '--now', NOW, path.join(cwd, 'bitbucket.properties')], { cwd });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);

    const [sarifRun] = log.runs;
    const driver = sarifRun?.tool.driver;
    expect(driver?.name).toBe('bitbucket-mirror-lint');
    expect(driver?.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(driver?.informationUri).toMatch(/^https:\/\//);
    expect(driver?.rules.length).toBeGreaterThanOrEqual(50);
    for (const rule of driver?.rules ?? []) {
      expect(rule.helpUri).toMatch(new RegExp(`docs/rules/${rule.id}\\.md$`));
      expect(rule.help.text).toContain('How to fix:');
    }
    const results = sarifRun?.results ?? [];
    for (const r of results) {
      expect(driver?.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(r.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'bitbucket.properties', uriBaseId: '%SRCROOT%' });
      expect(r.locations[0]?.physicalLocation.region?.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(results.find((r) => r.ruleId === 'mirror/no-https')?.level).toBe('error');
    expect(results.find((r) => r.ruleId === 'properties/duplicate-key')?.level).toBe('warning');
    expect(results.find((r) => r.ruleId === 'properties/unknown-key')).toMatchObject({
      level: 'note',
      suppressions: [{ kind: 'inSource', justification: 'read by our audit plugin' }],
    });
  });

  it('percent-encodes paths, relative to the repository root however deep the working directory', async () => {
    const repo = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'mirror configs/eu #1/bitbucket.properties': MIRROR_PLAIN_HTTP });
    const cwd = path.join(repo, 'mirror configs');
    const log = JSON.parse((await runCli(['--format', 'sarif', '--now', NOW, 'eu #1'], { cwd })).stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const [result] = log.runs[0]?.results ?? [];
    expect(result?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: 'mirror%20configs/eu%20%231/bitbucket.properties',
      uriBaseId: '%SRCROOT%',
    });
    expect(log.runs[0]?.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`${pathToFileURL(repo).href}/`);
  });

  it('gives a file outside the repository an absolute file URI', async () => {
    const repo = workspace({ '.git/HEAD': 'ref: refs/heads/main\n' });
    const outside = workspace({ 'bitbucket.properties': MIRROR_PLAIN_HTTP });
    const log = JSON.parse(
      (await runCli(['--format', 'sarif', '--now', NOW, path.join(outside, 'bitbucket.properties')], { cwd: repo })).stdout,
    ) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: pathToFileURL(path.join(outside, 'bitbucket.properties')).href,
    });
  });

  it('lists only the rules that are on', async () => {
    const cwd = workspace({
      'bitbucket.properties': mirrorConfig(),
      'bitbucket-mirror-lint.config.json': '{"rules": {"cert/expires-soon": "off"}}',
    });
    const log = JSON.parse((await runCli(['--format', 'sarif'], { cwd })).stdout) as SarifLog;
    const ids = log.runs[0]?.tool.driver.rules.map((r) => r.id) ?? [];
    expect(ids).toContain('cert/expired');
    expect(ids).not.toContain('cert/expires-soon');
  });
});

describe('github', () => {
  it('prints workflow commands with escaped properties and data', async () => {
    const cwd = workspace({ 'my,mirror.properties': 'server.port=7990\nserver.proxy-name=mirror:443\n' });
    const run = await runCli(['--format', 'github', 'my,mirror.properties'], { cwd });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain(
      '::error file=my%2Cmirror.properties,line=2,col=1,endLine=2,endColumn=29,title=mirror/proxy-name-format::`server.proxy-name` is `mirror:443`, with a port; the host name goes here and the port in `server.proxy-port`',
    );
    expect(lines.every((l) => /^::(error|warning|notice) file=/.test(l))).toBe(true);
  });
});

describe('junit', () => {
  it('has a testsuite per file and a failing testcase per finding', async () => {
    const cwd = workspace({ 'a.properties': MIRROR_PLAIN_HTTP, 'bitbucket.properties': mirrorConfig() });
    const run = await runCli(['--format', 'junit', '--now', NOW, 'a.properties', 'bitbucket.properties'], { cwd });
    expect(run.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="bitbucket-mirror-lint" tests="2" failures="1"/,
    );
    expect(run.stdout).toContain('<testsuite name="a.properties" tests="1" failures="1" errors="0">');
    expect(run.stdout).toContain('<failure type="error" message="The mirror serves plain HTTP');
    expect(run.stdout).toContain('<testsuite name="bitbucket.properties" tests="1" failures="0" errors="0">');
    expect(run.stdout.match(/<testcase /g)).toHaveLength(2);
  });
});

describe('--output-file', () => {
  it('writes the report to the file, not stdout', async () => {
    const cwd = workspace({ 'bitbucket.properties': MIRROR_PLAIN_HTTP });
    const run = await runCli(['--format', 'json', '--output-file', 'report.json'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as { summary: { errors: number } };
    expect(report.summary.errors).toBe(1);
  });

  it('exits 2, naming the path, when the folder cannot be made', async () => {
    const cwd = workspace({ 'bitbucket.properties': 'server.port=7990\n', 'a-file': '' });
    const run = await runCli(['--output-file', 'a-file/report.txt'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('bitbucket-mirror-lint: cannot write a-file/report.txt: a part of the path is not a folder\n');
  });
});

describe('text from files never reaches a terminal or a CI log raw', () => {
  // A folder name holding a newline and a workflow command, a value holding escape sequences.
  const evilFolder = 'eu\n::add-mask::token\r\u001b[2K';
  const files = { [`${evilFolder}/bitbucket.properties`]: 'application.mode=mirror\nserver.proxy-name=mirror:443\u001b[31mred\u0007\n' };
  // eslint-disable-next-line no-control-regex
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f]/;

  it('stylish: one line a finding, controls shown as escapes', async () => {
    const run = await runCli(['--now', NOW], { cwd: workspace(files) });
    expect(run.stdout).not.toMatch(raw);
    expect(run.stdout.split('\n').some((l) => l.startsWith('::'))).toBe(false);
    expect(run.stdout).toContain('eu\\n::add-mask::token\\r\\e[2K/bitbucket.properties');
    expect(run.stdout).toContain('mirror:443\\e[31mred\\x07');
  });

  it('github: every line is one workflow command, the file name exact', async () => {
    const run = await runCli(['--format', 'github', '--now', NOW], { cwd: workspace(files) });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.every((l) => l.startsWith('::') && l.includes(' file=eu%0A%3A%3Aadd-mask%3A%3Atoken%0D\\e[2K/bitbucket.properties,')),
    ).toBe(true);
    expect(run.stdout).not.toMatch(raw);
  });

  it('junit: well-formed XML 1.0 that keeps every character visible', async () => {
    const run = await runCli(['--format', 'junit', '--now', NOW], { cwd: workspace(files) });
    expect(run.stdout).not.toMatch(raw);
    expect(run.stdout).toContain('name="eu\\n::add-mask::token\\r\\e[2K/bitbucket.properties"');
  });
});

describe('github columns', () => {
  const report = (line: number, endLine: number): LintReport => ({
    version: 1,
    results: [
      {
        file: 'bitbucket.properties',
        kind: 'properties',
        diagnostics: [
          {
            ruleId: 'x/y',
            severity: 'error',
            message: 'm',
            file: 'bitbucket.properties',
            line,
            column: 3,
            endLine,
            endColumn: 9,
            fix: [],
            reference: '',
          },
        ],
      },
    ],
    summary: { files: 1, errors: 1, warnings: 0, infos: 0 },
  });

  it('sends columns on a one-line range and none on a longer one, as the runner shows them', () => {
    expect(formatReport(report(2, 2), 'github')).toBe(
      '::error file=bitbucket.properties,line=2,col=3,endLine=2,endColumn=9,title=x/y::m\n',
    );
    expect(formatReport(report(2, 4), 'github')).toBe('::error file=bitbucket.properties,line=2,endLine=4,title=x/y::m\n');
  });
});

describe('a report of any size', () => {
  it('every format renders 200,000 findings (stylish overflowed the stack at about 120,000)', () => {
    const d = {
      ruleId: 'x/y',
      severity: 'warning' as const,
      message: 'm',
      file: 'f.properties',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      fix: ['f'],
      reference: 'r',
    };
    const diagnostics = Array.from({ length: 200_000 }, (_, i) => ({ ...d, line: i + 1, endLine: i + 1 }));
    const report: LintReport = {
      version: 1,
      results: [{ file: 'f.properties', kind: 'properties', diagnostics }],
      summary: { files: 1, errors: 0, warnings: 200_000, infos: 0 },
    };
    for (const format of ['stylish', 'json', 'sarif', 'github', 'junit'] as const)
      expect(formatReport(report, format, { cwd: '/tmp' }).length).toBeGreaterThan(200_000);
  });
});
