/** The html and prometheus formats, checked by the tools that read them: a headless browser, an HTML checker, promtool. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint } from '../../src';
import { formatReport } from '../../src/formatters';
import { listRules } from '../../src/engine/rule-info';
import type { LintReport } from '../../src/model/report';
import { runCli } from '../support/cli';
import { countColour, readPng } from '../support/png';
import { NOW } from '../support/rule-tester';
import { describeWithTool } from '../support/tools';

const ROOT = path.resolve(__dirname, '..', '..');

/** A run over the fixtures with certificates expired, expiring and valid, and one probed mirror's outcome. */
async function fleetReport(): Promise<LintReport> {
  const report = await lint(['examples/mirror', 'fixtures/fleet', 'fixtures/pki/expiring.crt'], { cwd: ROOT, now: NOW });
  report.results.push({
    file: 'https://mirror.example.com:8443',
    kind: 'probe',
    diagnostics: [],
    probe: {
      target: 'https://mirror.example.com:8443',
      host: 'mirror.example.com',
      success: true,
      durationSeconds: 0.25,
      steps: [
        { name: 'connect', ok: true, seconds: 0.01 },
        { name: 'tls', ok: true, seconds: 0.05 },
      ],
      statusState: 'METADATA_SYNCHRONIZED',
      memberCount: 3,
      discovering: false,
      upstreamState: 'INSTALLED',
    },
  });
  return report;
}

describe('html', () => {
  it('is one self-contained page: no script, no stylesheet or font from the network, every certificate on the timeline', async () => {
    const html = formatReport(await fleetReport(), 'html', { rules: listRules(), now: NOW, cwd: ROOT });
    expect(html).not.toMatch(/<script|<link|@import|@font-face|url\(/i);
    expect(html).toContain('<svg class="timeline"');
    expect(html.match(/<rect class="bar expired"/g)).toHaveLength(1);
    expect(html.match(/<rect class="bar expiring"/g)).toHaveLength(1);
    expect(html).toContain('today 2026-11-24');
    expect(html).toContain('METADATA_SYNCHRONIZED, 3 nodes');
    expect(html).toContain('2025-01-01 (expired 693 days ago)');
  });

  it('escapes what it shows: a file name or message cannot add markup', () => {
    const report: LintReport = {
      version: 1,
      results: [
        {
          file: 'a<script>b.properties',
          kind: 'properties',
          diagnostics: [
            {
              ruleId: 'x/y',
              severity: 'error',
              message: '<img src=x onerror=1>',
              file: 'a<script>b.properties',
              line: 1,
              column: 1,
              endLine: 1,
              endColumn: 1,
              fix: ['"quoted" & <b>'],
              reference: '',
            },
          ],
        },
      ],
      summary: { files: 1, errors: 1, warnings: 0, infos: 0 },
    };
    const html = formatReport(report, 'html', { now: NOW });
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;img src=x onerror=1&gt;');
  });

  describeWithTool('tidy', ['-v'])('checked', () => {
    it('is valid HTML to tidy (no errors, no warnings)', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bml-html-'));
      writeFileSync(path.join(dir, 'report.html'), formatReport(await fleetReport(), 'html', { rules: listRules(), now: NOW, cwd: ROOT }));
      const tidy = spawnSync('tidy', ['-q', '-e', path.join(dir, 'report.html')], { encoding: 'utf8' });
      expect(tidy.stderr).toBe('');
      expect(tidy.status).toBe(0);
    });
  });

  describeWithTool('chromium', ['--version'])('in a real browser', () => {
    it('renders the page with its timeline drawn (a headless screenshot, read pixel by pixel)', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bml-html-'));
      const page = path.join(dir, 'report.html');
      writeFileSync(page, formatReport(await fleetReport(), 'html', { rules: listRules(), now: NOW, cwd: ROOT }));
      const shot = path.join(dir, 'shot.png');
      const run = spawnSync(
        'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          `--user-data-dir=${path.join(dir, 'profile')}`,
          '--window-size=1200,1400',
          `--screenshot=${shot}`,
          `file://${page}`,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.status).toBe(0);
      const image = readPng(readFileSync(shot));
      expect([image.width, image.height]).toEqual([1200, 1400]);
      // The bars: valid (green), expiring (amber), expired (red), and the blue line of today.
      expect(countColour(image, '#2e7d32')).toBeGreaterThan(2000);
      expect(countColour(image, '#f9a825')).toBeGreaterThan(200);
      expect(countColour(image, '#c62828')).toBeGreaterThan(50);
      expect(countColour(image, '#0969da')).toBeGreaterThan(100);
    }, 90_000);
  });
});

describe('prometheus', () => {
  it('findings by file, rule and severity; certificate times; probe steps and mirror state', async () => {
    const text = formatReport(await fleetReport(), 'prometheus', { now: NOW });
    expect(text).toContain('# TYPE bitbucket_mirror_lint_certificate_not_after_timestamp_seconds gauge');
    expect(text).toMatch(
      /^bitbucket_mirror_lint_findings\{file="examples\/mirror\/ssh\/bob-ed25519\.pub",rule="ssh\/unsupported-key-type",severity="error"\} 1$/m,
    );
    expect(text).toContain(
      'bitbucket_mirror_lint_certificate_not_after_timestamp_seconds{file="fixtures/pki/expiring.crt",subject_cn="mirror.example.com",host="mirror.example.com",position="0",served="true"} 1796860800',
    );
    expect(text).toContain('bitbucket_mirror_lint_probe_step_duration_seconds{target="https://mirror.example.com:8443",step="tls"} 0.05');
    expect(text).toContain('bitbucket_mirror_lint_mirror_status{target="https://mirror.example.com:8443",state="METADATA_SYNCHRONIZED"} 1');
    expect(text).toContain('bitbucket_mirror_lint_mirror_farm_members{target="https://mirror.example.com:8443"} 3');
  });

  it('escapes label values', () => {
    const report: LintReport = {
      version: 1,
      results: [
        {
          file: 'a"b\\c\nd.properties',
          kind: 'properties',
          diagnostics: [
            {
              ruleId: 'x/y',
              severity: 'error',
              message: 'm',
              file: 'f',
              line: 1,
              column: 1,
              endLine: 1,
              endColumn: 1,
              fix: [],
              reference: '',
            },
          ],
        },
      ],
      summary: { files: 1, errors: 1, warnings: 0, infos: 0 },
    };
    expect(formatReport(report, 'prometheus')).toContain(
      'bitbucket_mirror_lint_findings{file="a\\"b\\\\c\\nd.properties",rule="x/y",severity="error"} 1',
    );
  });

  describeWithTool(
    'promtool',
    ['--version'],
    'prometheus',
  )('checked', () => {
    it('passes promtool check metrics', async () => {
      const check = spawnSync('promtool', ['check', 'metrics'], {
        input: formatReport(await fleetReport(), 'prometheus', { now: NOW }),
        encoding: 'utf8',
      });
      expect(check.stdout + check.stderr).toBe('');
      expect(check.status).toBe(0);
    });
  });
});

describe('merge-reports', () => {
  it('writes the merged JSON reports of shards as html or prometheus too; SARIF stays SARIF', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-merge-'));
    for (const shard of ['1/2', '2/2']) {
      await runCli(['--shard', shard, '-f', 'json', '-o', `r${shard[0]}.json`, '--now', NOW, path.join(ROOT, 'examples/mirror')], { cwd });
    }
    const html = await runCli(['merge-reports', 'r1.json', 'r2.json', '-f', 'html', '--now', NOW], { cwd });
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout.match(/<rect class="bar /g)?.length).toBe(4);
    const metrics = await runCli(['merge-reports', 'r1.json', 'r2.json', '-f', 'prometheus'], { cwd });
    expect(metrics.stdout).toContain('# TYPE bitbucket_mirror_lint_findings gauge');
    await runCli(['-f', 'sarif', '-o', 's.sarif', '--now', NOW, path.join(ROOT, 'examples/mirror')], { cwd });
    expect((await runCli(['merge-reports', 's.sarif', '-f', 'html'], { cwd })).code).toBe(2);
  });
});
