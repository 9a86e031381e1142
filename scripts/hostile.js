'use strict';
// Hostile inputs at full size (issue #14): each case runs the built CLI in a child process and reports
// its wall time and peak memory against a bound; the README's robustness table comes from this run.
// Usage: npm run hostile  (builds first; about a minute; everything is made in a temp folder and
// talks only to servers on 127.0.0.1 that this script starts and stops).
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'bitbucket-mirror-lint.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bml-hostile-'));
const NOW = '2026-11-24T12:00:00Z';

/** Runs the CLI with `args` in `cwd`; resolves with exit code, wall time and peak RSS (from the child itself). */
function measure(args, cwd = work) {
  const wrapper = `const started = Date.now();
process.on('exit', () => require('node:fs').writeSync(3, JSON.stringify({ ms: Date.now() - started, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })));
process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...process.argv.slice(1)];
require(${JSON.stringify(BIN)});`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', wrapper, '--', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stats = '';
    let stderr = '';
    child.stdio[3].on('data', (d) => (stats += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      const parsed = stats ? JSON.parse(stats) : { ms: NaN, rssMiB: NaN };
      resolve({ code, ...parsed, crashed: /internal error|at .*\.js:\d+/.test(stderr) });
    });
  });
}

function file(name, content) {
  const target = path.join(work, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  return target;
}

/** A server on 127.0.0.1 that sends `first`, then a byte every 50 ms, forever (until this script ends). */
function trickler(first) {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.write(first);
      const timer = setInterval(() => socket.writable && socket.write('a'), 50);
      socket.on('close', () => clearInterval(timer));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function distinctCertificates(count) {
  const pem = fs.readFileSync(path.join(ROOT, 'fixtures', 'pki', 'ec-mirror.crt'), 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
  const out = [];
  for (let i = 0; i < count; i += 1) {
    const copy = Buffer.from(der);
    copy.writeUInt32BE(i, copy.length - 4);
    out.push(`-----BEGIN CERTIFICATE-----\n${copy.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`);
  }
  return out.join('');
}

function customRules() {
  const dir = path.join(work, 'rules', 'company');
  fs.mkdirSync(dir, { recursive: true });
  const base = {
    kind: 'properties',
    scope: 'property',
    severity: 'warning',
    title: 't',
    description: 'd',
    message: 'm',
    fix: ['f'],
    reference: { document: 'd', section: 's' },
  };
  fs.writeFileSync(
    path.join(dir, 'redos.json'),
    JSON.stringify({ ...base, id: 'company/redos', conditions: { all: [{ fact: 'value', operator: 'matches', value: '^(a+)+$' }] } }),
  );
  fs.writeFileSync(
    path.join(dir, 'log-redos.json'),
    JSON.stringify({
      ...base,
      id: 'company/log-redos',
      kind: 'log',
      scope: 'file',
      conditions: { all: [{ fact: 'matchCount', params: { pattern: '^(\\w+\\s?)*$' }, operator: 'greaterThan', value: 0 }] },
    }),
  );
  fs.writeFileSync(path.join(work, 'bitbucket-mirror-lint.config.json'), JSON.stringify({ ruleDirs: ['rules'] }));
}

async function main() {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { stdio: 'inherit' });
  const cases = [];
  const add = (name, size, bound, run) => cases.push({ name, size, bound, run });

  const tls = await trickler(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00]));
  const ssh = await trickler('x');
  const http = await trickler('HTTP/1.1 200 OK\r\nX-Slow: ');
  const port = (s) => String(s.address().port);
  add('probe: TLS, HTTP header and SSH banner trickled forever', '--timeout 2', { ms: 7 * 2000 + 3000, rssMiB: 150 }, () =>
    measure([
      'probe',
      `https://mirror.example.com:${port(tls)}`,
      '--connect-to',
      '127.0.0.1',
      '--ssh-port',
      port(ssh),
      '--http-port',
      port(http),
      '--timeout',
      '2',
      '--now',
      NOW,
    ]),
  );

  const changed = Array.from({ length: 30_000 }, (_, i) => `plugin.mirroring.x${i}=v${i}   `).join('\n');
  add('--fix-dry-run with every line changed', `${(changed.length / 1024).toFixed(0)} kB`, { ms: 15_000, rssMiB: 400 }, () => {
    file('fix/bitbucket.properties', `application.mode=mirror\n${changed}\n`);
    return measure(['--fix-dry-run', '--now', NOW, 'fix']);
  });
  add('--fix with every line changed', `${(changed.length / 1024).toFixed(0)} kB`, { ms: 15_000, rssMiB: 400 }, () => {
    file('fix/bitbucket.properties', `application.mode=mirror\n${changed}\n`);
    return measure(['--fix', '--now', NOW, 'fix']);
  });
  add('one value of backslashes', '200 kB', { ms: 3000, rssMiB: 200 }, () =>
    measure([file('bs/bitbucket.properties', `setup.displayName=${'\\'.repeat(200_000)}x\n`)]),
  );
  add('one value of backslashes', '30 MB', { ms: 20_000, rssMiB: 900 }, () =>
    measure([file('bs30/bitbucket.properties', `setup.displayName=${'\\'.repeat(30_000_000)}x\n`)]),
  );
  add('a bundle of distinct certificates', '30,000 (28 MB)', { ms: 10_000, rssMiB: 500 }, () =>
    measure([file('bundle/bundle.pem', distinctCertificates(30_000))]),
  );
  const repeated = `application.mode=mirror\n${'server.port=7990\n'.repeat(1_000_000)}`;
  for (const format of ['json', 'sarif', 'stylish']) {
    add(`one key 1,000,000 times, --format ${format}`, '17 MB', { ms: 10_000, rssMiB: 600 }, () =>
      measure(['-f', format, file('repeat/bitbucket.properties', repeated)]),
    );
  }
  add('a log line of 600 million characters', '600 MB', { ms: 20_000, rssMiB: 250 }, () => {
    const target = path.join(work, 'log', 'atlassian-bitbucket.log');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const fd = fs.openSync(target, 'w');
    const chunk = Buffer.alloc(1 << 24, 0x61);
    for (let i = 0; i < 36; i += 1) fs.writeSync(fd, chunk);
    fs.writeSync(fd, '\n2026-11-24 ERROR Connection refused\n');
    fs.closeSync(fd);
    return measure(['logs', target]);
  });
  add('custom rules ^(a+)+$ and ^(\\w+\\s?)*$ on 30- and 33-character values', '2 files', { ms: 3000, rssMiB: 200 }, () => {
    customRules();
    file('redos/bitbucket.properties', `setup.displayName=${'a'.repeat(30)}!\n`);
    file('redos/atlassian-bitbucket.log', `${'aaaa '.repeat(7)}aaa!\n`);
    return measure(['redos']);
  });
  add('--concurrency 150 on 2,000 files', `${os.availableParallelism()} cores`, { ms: 20_000, rssMiB: 600 }, () => {
    for (let i = 0; i < 2000; i += 1) file(`many/m${i}/bitbucket.properties`, 'application.mode=mirror\nserver.port=7990\n');
    return measure(['--concurrency', '150', 'many']);
  });

  const rows = [];
  let failed = 0;
  for (const c of cases) {
    const result = await c.run();
    const ok = !result.crashed && result.code !== null && result.ms <= c.bound.ms && result.rssMiB <= c.bound.rssMiB;
    if (!ok) failed += 1;
    rows.push(
      `| ${c.name} | ${c.size} | ${(result.ms / 1000).toFixed(1)} s | ${result.rssMiB} MiB | exit ${result.code} | ${ok ? 'within' : 'OVER'} ${c.bound.ms / 1000} s, ${c.bound.rssMiB} MiB |`,
    );
    console.log(rows[rows.length - 1]);
  }
  for (const server of [tls, ssh, http]) server.close();
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`\n| input | size | time | peak memory | exit | bound |\n|---|---|---|---|---|---|\n${rows.join('\n')}`);
  console.log(`hostile: ${cases.length - failed}/${cases.length} within their bounds`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
