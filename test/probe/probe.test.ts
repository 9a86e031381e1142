import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lint, type LintOptions } from '../../src';
import type { ProbeTarget } from '../../src/sources/probe/target';
import { runCli } from '../support/cli';
import { sarifSchemaErrors } from '../support/sarif';
import { hasTool } from '../support/tools';
import { NOW } from '../support/rule-tester';
import {
  closeAll,
  closedPort,
  droppingPort,
  endlessHttpsMirror,
  httpServer,
  httpsMirror,
  silentServer,
  sshServer,
  tricklingHttpServer,
  tricklingSshServer,
  tricklingTlsServer,
} from './servers';
import { PROBE_STEPS } from '../../src/sources/probe/gather';

const ROOT = path.resolve(__dirname, '..', '..');
const CA = [path.join(ROOT, 'fixtures/pki/root-ca.pem')];
const noDns = async () => {
  throw Object.assign(new Error('no DNS in tests'), { code: 'ENOTFOUND' });
};

afterEach(closeAll);

interface Setup {
  https?: number;
  ssh?: number;
  http?: number;
  connectTo?: string[];
  host?: string;
}

async function probe(setup: Setup, extra: LintOptions = {}) {
  const target: ProbeTarget = {
    host: setup.host ?? 'mirror.example.com',
    httpsPort: setup.https ?? (await closedPort()),
    contextPath: '',
    sshPort: setup.ssh ?? (await sshServer()),
    httpPort: setup.http ?? (await httpServer('https://mirror.example.com/')),
    connectTo: setup.connectTo ?? ['127.0.0.1'],
  };
  // Steps that must time out in a test get 1 s; everything else keeps a margin for a loaded CI machine.
  const report = await lint([], { now: NOW, ca: CA, probes: [target], probeTimeoutMs: 5000, probeLookup: noDns, ...extra });
  return report.results.flatMap((r) => r.diagnostics.map((d) => `${d.ruleId}:${d.severity}`)).sort();
}

describe('probe against local servers', () => {
  it('a healthy mirror: nothing to report, the live chain checked by the cert rules', async () => {
    expect(await probe({ https: await httpsMirror() })).toEqual([]);
  });

  it('a wrong-host certificate is reported by cert/hostname-mismatch, as for a file', async () => {
    const report = await lint([], {
      now: NOW,
      ca: CA,
      probeTimeoutMs: 5000,
      probes: [
        {
          host: 'mirror.example.com',
          httpsPort: await httpsMirror({ certificate: 'other-host.crt', key: 'other-host.key' }),
          contextPath: '',
          sshPort: await sshServer(),
          httpPort: await httpServer('https://x/'),
          connectTo: ['127.0.0.1'],
        },
      ],
    });
    const chain = report.results.find((r) => r.file.endsWith('(TLS certificate chain)'));
    expect(chain?.kind).toBe('pem');
    expect(chain?.diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['cert/hostname-mismatch', 'The certificate names other.example.com, not the mirror host mirror.example.com'],
    ]);
  });

  it('an expired certificate', async () => {
    expect(await probe({ https: await httpsMirror({ certificate: 'expired.crt', key: 'expired.key' }) })).toEqual(['cert/expired:error']);
  });

  it('plain HTTP on the HTTPS port is the wrong protocol', async () => {
    expect(await probe({ https: await httpServer() })).toEqual(['probe/not-tls:error']);
  });

  it('a closed port is refused', async () => {
    expect(await probe({ https: await closedPort(), ssh: await closedPort() })).toEqual([
      'probe/connection-refused:error',
      'probe/connection-refused:error',
    ]);
  });

  it('a port whose packets are dropped times out', async () => {
    expect(await probe({ https: await droppingPort() }, { probeTimeoutMs: 1000 })).toEqual(['probe/connection-timeout:error']);
  });

  it('a port that accepts and never answers fails the TLS handshake', async () => {
    expect(await probe({ https: await silentServer() }, { probeTimeoutMs: 1000 })).toEqual(['probe/tls-failed:error']);
  });

  it.each([
    ['STARTING', 'warning'],
    ['MAINTENANCE', 'warning'],
    ['ERROR', 'error'],
  ])('/status %s', async (status, severity) => {
    expect(await probe({ https: await httpsMirror({ status }) })).toEqual([`probe/status-not-running:${severity}`]);
  });

  it.each([
    ['SYNCHRONIZED', []],
    ['METADATA_SYNCHRONIZED', ['probe/status-not-running:info']],
    ['OFFLINE', ['probe/status-not-running:error']],
  ])('a mirror farm node reporting %s', async (status, expected) => {
    expect(await probe({ https: await httpsMirror({ status, farm: { memberCount: '3', discovering: false } }) })).toEqual(expected);
  });

  it('says how many farm nodes there are and whether it is still discovering them', async () => {
    const target = {
      host: 'mirror.example.com',
      httpsPort: await httpsMirror({ status: 'METADATA_SYNCHRONIZED', farm: { memberCount: '3', discovering: true } }),
      contextPath: '',
      sshPort: await sshServer(),
      httpPort: await httpServer('https://x/'),
      connectTo: ['127.0.0.1'],
    };
    const report = await lint([], { now: NOW, ca: CA, probes: [target], probeTimeoutMs: 5000, probeLookup: noDns });
    expect(report.results.flatMap((r) => r.diagnostics.map((d) => d.message))).toEqual([
      'The mirror farm reports METADATA_SYNCHRONIZED at /status: its metadata is in sync and the repositories are still syncing (farm nodes: 3, discovering: true)',
    ]);
  });

  it.each([
    ['PENDING', ['probe/upstream-not-installed:warning']],
    ['REMOVED', ['probe/upstream-not-installed:error']],
    [404, []],
  ] as const)('upstreamServer %s', async (upstream, expected) => {
    expect(await probe({ https: await httpsMirror({ upstream }) })).toEqual(expected);
  });

  it.each([
    [3, []],
    [12, ['probe/clock-skew:warning']],
    [-45, ['probe/clock-skew:error']],
  ] as const)('a clock %i s off', async (clockOffset, expected) => {
    expect(await probe({ https: await httpsMirror({ clockOffset }) })).toEqual(expected);
  });

  it('an SSH port without an SSH banner', async () => {
    expect(await probe({ https: await httpsMirror(), ssh: await silentServer() }, { probeTimeoutMs: 1000 })).toEqual([
      'probe/ssh-no-banner:error',
    ]);
  });

  it('plain HTTP without a redirect to HTTPS', async () => {
    expect(await probe({ https: await httpsMirror(), http: await httpServer() })).toEqual(['probe/no-https-redirect:info']);
  });

  it('IPv6 published but not answering while IPv4 does', async () => {
    expect(await probe({ https: await httpsMirror(), connectTo: ['127.0.0.1', '::1'] })).toEqual([
      'probe/ipv6-unreachable:warning',
      'probe/ipv6-unreachable:warning',
    ]);
  });

  it('a host name that does not resolve', async () => {
    const report = await lint([], {
      now: NOW,
      probes: [{ host: 'mirror.invalid', httpsPort: 443, contextPath: '', sshPort: 7999, httpPort: 80 }],
      probeTimeoutMs: 500,
      probeLookup: noDns,
    });
    expect(report.results.flatMap((r) => r.diagnostics.map((d) => [d.ruleId, d.message]))).toEqual([
      ['probe/dns-unresolved', '`mirror.invalid` does not resolve to any address (ENOTFOUND)'],
    ]);
  });
});

describe('servers that never stop sending', () => {
  // Each step has a total deadline, not an idle one: every server here sends a byte every 50 ms forever.
  const STEP_MS = 600;
  const timed = async (setup: Setup) => {
    const started = Date.now();
    const found = await probe(setup, { probeTimeoutMs: STEP_MS });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(PROBE_STEPS * STEP_MS + 1500);
    return found;
  };

  it('a TLS handshake trickled forever is cut off at the step deadline', async () => {
    expect(await timed({ https: await tricklingTlsServer() })).toEqual(['probe/tls-failed:error']);
  });

  it('an SSH port trickling bytes without a line, and an HTTP header trickled forever', async () => {
    expect(await timed({ https: await httpsMirror(), ssh: await tricklingSshServer(), http: await tricklingHttpServer() })).toEqual([
      'probe/ssh-no-banner:error',
    ]);
  });

  it('a /status body trickled forever ends at the deadline, and a flooded one at the body cap', async () => {
    expect(await timed({ https: await endlessHttpsMirror('trickle') })).toEqual([]);
    const before = process.memoryUsage().rss;
    expect(await timed({ https: await endlessHttpsMirror('flood') })).toEqual([]);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('a fleet of mirrors', () => {
  it('probe takes several targets and a --targets file: one result per target, each judged on its own', async () => {
    const healthy = await httpsMirror();
    const starting = await httpsMirror({ status: 'STARTING' });
    const wrongHost = await httpsMirror({ certificate: 'other-host.crt', key: 'other-host.key' });
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-fleet-'));
    writeFileSync(path.join(cwd, 'mirrors.txt'), `# the EU farm\nhttps://mirror.example.com:${wrongHost}  # node 3\n\n`);
    const ssh = String(await sshServer());
    const http = String(await httpServer('https://mirror.example.com/'));
    const args = ['probe', `https://mirror.example.com:${healthy}`, `https://mirror.example.com:${starting}`, '--targets', 'mirrors.txt'];
    const run = await runCli(
      [
        ...args,
        '--connect-to',
        '127.0.0.1',
        '--ca',
        CA[0] ?? '',
        '--ssh-port',
        ssh,
        '--http-port',
        http,
        '--probe-concurrency',
        '2',
        '--now',
        NOW,
        '-f',
        'json',
      ],
      { cwd },
    );
    const report = JSON.parse(run.stdout) as { results: { file: string; diagnostics: { ruleId: string }[] }[] };
    const byTarget = Object.fromEntries(
      report.results.filter((r) => r.file.startsWith('https://')).map((r) => [r.file, r.diagnostics.map((d) => d.ruleId)]),
    );
    expect(byTarget).toEqual({
      [`https://mirror.example.com:${healthy}`]: [],
      [`https://mirror.example.com:${healthy} (TLS certificate chain)`]: [],
      [`https://mirror.example.com:${starting}`]: ['probe/status-not-running'],
      [`https://mirror.example.com:${starting} (TLS certificate chain)`]: [],
      [`https://mirror.example.com:${wrongHost}`]: [],
      [`https://mirror.example.com:${wrongHost} (TLS certificate chain)`]: ['cert/hostname-mismatch'],
    });
  });

  it('--format prometheus over a probed fleet passes promtool, a success and a state per mirror', async () => {
    const [a, b] = [
      await httpsMirror(),
      await httpsMirror({ status: 'METADATA_SYNCHRONIZED', farm: { memberCount: '2', discovering: true } }),
    ];
    const common = [
      '--connect-to',
      '127.0.0.1',
      '--ca',
      CA[0] ?? '',
      '--ssh-port',
      String(await sshServer()),
      '--http-port',
      String(await httpServer('https://x/')),
    ];
    const run = await runCli([
      'probe',
      `https://mirror.example.com:${a}`,
      `https://mirror.example.com:${b}`,
      ...common,
      '--now',
      NOW,
      '-f',
      'prometheus',
    ]);
    expect(run.stdout).toContain(`bitbucket_mirror_lint_probe_success{target="https://mirror.example.com:${a}"} 1`);
    expect(run.stdout).toContain(
      `bitbucket_mirror_lint_mirror_status{target="https://mirror.example.com:${b}",state="METADATA_SYNCHRONIZED"} 1`,
    );
    expect(run.stdout).toContain(`bitbucket_mirror_lint_mirror_farm_discovering{target="https://mirror.example.com:${b}"} 1`);
    if (hasTool('promtool', ['--version'], 'prometheus')) {
      const check = spawnSync('promtool', ['check', 'metrics'], { input: run.stdout, encoding: 'utf8' });
      expect(check.stdout + check.stderr).toBe('');
    }
  });

  it('a --targets file with a line that is no target names the line', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-fleet-'));
    writeFileSync(path.join(cwd, 'mirrors.txt'), 'mirror.example.com\nftp://old.example.com\n');
    const run = await runCli(['probe', '--targets', 'mirrors.txt'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('mirrors.txt:2: ');
  });

  it('--probe on a fleet folder probes each mirror its properties describe', async () => {
    const [a, b] = [await httpsMirror(), await httpsMirror({ status: 'MAINTENANCE' })];
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-fleet-'));
    for (const [name, port] of [
      ['eu', a],
      ['us', b],
    ] as const) {
      mkdirSync(path.join(cwd, name));
      writeFileSync(path.join(cwd, name, 'bitbucket.properties'), `setup.baseUrl=https://mirror.example.com:${port}\n`);
    }
    const run = await runCli(
      [
        '--probe',
        '--connect-to',
        '127.0.0.1',
        '--ca',
        CA[0] ?? '',
        '--ssh-port',
        String(await sshServer()),
        '--http-port',
        String(await httpServer('https://x/')),
        '--now',
        NOW,
        '-f',
        'json',
      ],
      { cwd },
    );
    const report = JSON.parse(run.stdout) as { results: { file: string; diagnostics: { ruleId: string }[] }[] };
    const probed = report.results.filter((r) => r.file.startsWith('https://') && !r.file.endsWith(')'));
    expect(Object.fromEntries(probed.map((r) => [r.file, r.diagnostics.map((d) => d.ruleId)]))).toEqual({
      [`https://mirror.example.com:${a}`]: [],
      [`https://mirror.example.com:${b}`]: ['probe/status-not-running'],
    });
  });
});

describe('probe command', () => {
  it('reports under the URL and exits 1 on errors', async () => {
    const https = await httpsMirror({ status: 'ERROR' });
    const args = [
      'probe',
      `https://mirror.example.com:${https}`,
      '--connect-to',
      '127.0.0.1',
      '--ca',
      CA[0] ?? '',
      '--ssh-port',
      String(await sshServer()),
      '--http-port',
      String(await httpServer('https://mirror.example.com/')),
      '--timeout',
      '5',
      '--now',
      NOW,
      '--format',
      'json',
    ];
    const run = await runCli(args);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { results: { file: string; kind: string; diagnostics: { ruleId: string }[] }[] };
    expect(report.results.map((r) => [r.file, r.kind])).toEqual([
      // The trust anchors given with --ca are linted too: an expired private root breaks every chain.
      [
        path
          .relative(ROOT, CA[0] ?? '')
          .split(path.sep)
          .join('/'),
        'pem',
      ],
      [`https://mirror.example.com:${https}`, 'probe'],
      [`https://mirror.example.com:${https} (TLS certificate chain)`, 'pem'],
    ]);
    expect(report.results.flatMap((r) => r.diagnostics.map((d) => d.ruleId))).toEqual(['probe/status-not-running']);
  });

  it('takes report options before its name, and writes SARIF that names the server, not a file', async () => {
    const https = await httpsMirror({ status: 'ERROR' });
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-probe-'));
    const args = [
      '--format',
      'sarif',
      '-o',
      'p.sarif',
      '-q',
      'probe',
      `https://mirror.example.com:${https}`,
      '--connect-to',
      '127.0.0.1',
      '--ca',
      CA[0] ?? '',
      '--ssh-port',
      String(await sshServer()),
      '--http-port',
      String(await httpServer('https://mirror.example.com/')),
      '--timeout',
      '5',
      '--now',
      NOW,
    ];
    const run = await runCli(args, { cwd });
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const log = JSON.parse(readFileSync(path.join(cwd, 'p.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string; locations: unknown[] }[] }[];
    };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results.map((r) => [r.ruleId, r.locations])).toEqual([
      [
        'probe/status-not-running',
        [
          {
            physicalLocation: { artifactLocation: { uri: `https://mirror.example.com:${https}/` } },
            logicalLocations: [
              { name: `https://mirror.example.com:${https}`, fullyQualifiedName: `https://mirror.example.com:${https}`, kind: 'resource' },
            ],
          },
        ],
      ],
    ]);
  });

  it('--probe beside a config run takes the address from the properties', async () => {
    const https = await httpsMirror();
    const cwd = mkdtempSync(path.join(tmpdir(), 'bml-probe-'));
    writeFileSync(
      path.join(cwd, 'bitbucket.properties'),
      `application.mode=mirror\nplugin.mirroring.upstream.url=https://bitbucket.example.com\nserver.proxy-name=mirror.example.com\nserver.secure=true\nserver.scheme=https\nserver.proxy-port=${https}\nsetup.baseUrl=https://mirror.example.com:${https}\nplugin.ssh.port=${await sshServer()}\n`,
    );
    const run = await runCli(
      [
        '--probe',
        '--connect-to',
        '127.0.0.1',
        '--ca',
        CA[0] ?? '',
        '--http-port',
        String(await httpServer('https://x/')),
        '--timeout',
        '5',
        '--now',
        NOW,
        '--format',
        'json',
      ],
      { cwd },
    );
    const report = JSON.parse(run.stdout) as { results: { file: string; diagnostics: { ruleId: string }[] }[] };
    expect(report.results.map((r) => r.file)).toEqual([
      CA[0]?.split(path.sep).join('/'),
      'bitbucket.properties',
      `https://mirror.example.com:${https}`,
      `https://mirror.example.com:${https} (TLS certificate chain)`,
    ]);
    expect(report.results.flatMap((r) => r.diagnostics.map((d) => d.ruleId))).toEqual(['mirror/proxy-port']);
  });

  it('refuses a target that is not a host or URL', async () => {
    const run = await runCli(['probe', 'ftp://mirror.example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('only http and https URLs can be probed');
  });
});
