#!/usr/bin/env node
'use strict';
// npm run bench: the four benchmarks of the performance issue, each against its target.
// Corpora are generated with openssl and ssh-keygen into a cache folder and reused between runs.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'bitbucket-mirror-lint.js');
const CACHE = path.join(os.tmpdir(), 'bitbucket-mirror-lint-bench', 'v2');
const NOW = '2026-11-24T12:00:00Z';
const quick = process.argv.includes('--quick');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 0) => n.toFixed(d);

function time(cmd, args, options = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', ...options });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, stderr: r.stderr, status: r.status };
}

function repeat(n, fn) {
  return Array.from({ length: n }, fn);
}

function child(args, cwd) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'child.js'), ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  return JSON.parse(r.stderr.trim().split('\n').pop());
}

function table(title, head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

function ensureCorpus() {
  execFileSync('bash', [path.join(__dirname, 'make-corpus.sh'), path.join(CACHE, 'peer')], { stdio: 'inherit' });
  const typical = path.join(CACHE, 'typical');
  if (!fs.existsSync(path.join(typical, '.done'))) {
    fs.rmSync(typical, { recursive: true, force: true });
    for (const d of ['ssh', 'tls']) fs.mkdirSync(path.join(typical, d), { recursive: true });
    const copy = (from, to, mode = 0o644) => {
      fs.copyFileSync(path.join(ROOT, from), path.join(typical, to));
      fs.chmodSync(path.join(typical, to), mode);
    };
    copy('fixtures/healthy-mirror/bitbucket.properties', 'bitbucket.properties', 0o600);
    for (const k of ['rsa3072', 'rsa4096', 'ecdsa256', 'ecdsa384']) copy(`fixtures/ssh/${k}.pub`, `ssh/${k}.pub`);
    copy('fixtures/pki/mirror-chain.pem', 'tls/mirror.pem');
    copy('fixtures/healthy-mirror/tls/mirror.key', 'tls/mirror.key', 0o600);
    copy('fixtures/pki/root-ca.pem', 'tls/root-ca.pem');
    fs.writeFileSync(path.join(typical, '.done'), '');
  }
  const bulk = path.join(CACHE, 'bulk');
  if (!fs.existsSync(path.join(bulk, '.done'))) {
    fs.rmSync(bulk, { recursive: true, force: true });
    const peer = path.join(CACHE, 'peer');
    const fleetCerts = path.join(CACHE, 'fleet-certs');
    execFileSync('bash', [path.join(__dirname, 'make-corpus.sh'), fleetCerts, '3334'], { stdio: 'inherit' });
    const keys = fs.readdirSync(path.join(peer, 'keys')).map((f) => fs.readFileSync(path.join(peer, 'keys', f)));
    const props = fs.readFileSync(path.join(ROOT, 'fixtures/healthy-mirror/bitbucket.properties'), 'utf8');
    // A fleet: 3,334 mirrors of a properties file, a key and a certificate each (10,002 files). Each
    // mirror has its own leaf certificate (with the shared intermediate), as a real fleet does; keys
    // cycle through 100 (an admin's key on many mirrors).
    for (let i = 0; i < 3334; i += 1) {
      const dir = path.join(bulk, `m${String(Math.floor(i / 100)).padStart(2, '0')}`, `mirror-${String(i).padStart(4, '0')}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'bitbucket.properties'), props.replace(/mirror\.example\.com/g, `mirror-${i}.example.com`), {
        mode: 0o600,
      });
      fs.writeFileSync(path.join(dir, 'admin.pub'), keys[i % keys.length]);
      fs.copyFileSync(path.join(fleetCerts, `mirror-${i}.pem`), path.join(dir, 'mirror.pem'));
    }
    fs.writeFileSync(path.join(bulk, '.done'), '');
  }
  return { typical, peer: path.join(CACHE, 'peer'), bulk };
}

function coldStart(typical) {
  const runs = quick ? 5 : 15;
  const base = median(repeat(runs, () => time(process.execPath, ['-e', '0']).ms));
  const args = [BIN, '--now', NOW, '--ca', 'tls/root-ca.pem', '.'];
  const cli = median(repeat(runs, () => time(process.execPath, args, { cwd: typical }).ms));
  const propsOnly = median(repeat(runs, () => time(process.execPath, [BIN, '--now', NOW, 'bitbucket.properties'], { cwd: typical }).ms));
  table(
    '1. Cold CLI on a typical mirror repo (1 properties file, 4 public keys, 3 certificates with key)',
    ['measure', 'median ms', 'x node -e 0', 'target'],
    [
      ['node -e 0', fmt(base), '1.0', ''],
      ['bitbucket-mirror-lint, whole repo', fmt(cli), fmt(cli / base, 2), '<= 2.5'],
      ['bitbucket-mirror-lint, the properties file only', fmt(propsOnly), fmt(propsOnly / base, 2), ''],
    ],
  );
  const deps = ['commander', 'json-rules-engine', 'zod', 'picomatch', 'fastest-levenshtein', 'sshpk', './dist/sources/pem', 'diff'];
  // Measured inside a fresh process (require time only), so node's own start-up noise stays out.
  const load = (dep) =>
    median(
      repeat(5, () =>
        Number(
          execFileSync(
            process.execPath,
            ['-e', `const t=performance.now();require(${JSON.stringify(dep)});process.stdout.write(String(performance.now()-t))`],
            { cwd: ROOT, encoding: 'utf8' },
          ),
        ),
      ),
    );
  table(
    'Load cost per dependency (require time, median over 5; loaded only when needed)',
    ['dependency', 'ms', 'loaded when'],
    deps.map((d) => [
      d,
      fmt(load(d)),
      {
        sshpk: 'an SSH key is linted',
        './dist/sources/pem': 'a PEM file is linted (our reader on node:crypto)',
        zod: 'a config file, an edited rule or a properties file is validated',
        picomatch: 'ignore globs are given',
        diff: '--fix-dry-run',
        'fastest-levenshtein': 'a properties file is linted',
      }[d] ?? 'always',
    ]),
  );
}

function peer(dir) {
  const runs = quick ? 2 : 5;
  const ours = median(
    repeat(
      runs,
      () =>
        time(process.execPath, [BIN, '--host', 'mirror.example.com', '--ca', 'root-ca.pem', '--now', NOW, 'certs', 'keys'], { cwd: dir })
          .ms,
    ),
  );
  const loop =
    'for f in certs/*.pem; do openssl x509 -noout -checkend 0 -checkhost mirror.example.com -in "$f"; done; for k in keys/*.pub; do ssh-keygen -l -f "$k"; done';
  const theirs = median(repeat(quick ? 1 : 3, () => time('bash', ['-c', loop], { cwd: dir }).ms));
  // The same findings from both: expired, wrong host, weak key.
  const shell = {
    expired: spawnSync(
      'bash',
      ['-c', 'n=0; for f in certs/*.pem; do openssl x509 -noout -checkend 0 -in "$f" >/dev/null || n=$((n+1)); done; echo $n'],
      { cwd: dir, encoding: 'utf8' },
    ).stdout.trim(),
    host: spawnSync(
      'bash',
      [
        '-c',
        'n=0; for f in certs/*.pem; do openssl x509 -noout -checkhost mirror.example.com -in "$f" | grep -q "does NOT match" && n=$((n+1)); done; echo $n',
      ],
      { cwd: dir, encoding: 'utf8' },
    ).stdout.trim(),
    weak: spawnSync(
      'bash',
      ['-c', 'n=0; for k in keys/*.pub; do b=$(ssh-keygen -l -f "$k" | cut -d" " -f1); [ "$b" -lt 2048 ] && n=$((n+1)); done; echo $n'],
      { cwd: dir, encoding: 'utf8' },
    ).stdout.trim(),
  };
  const report = JSON.parse(
    spawnSync(
      process.execPath,
      [BIN, '--format', 'json', '--host', 'mirror.example.com', '--ca', 'root-ca.pem', '--now', NOW, 'certs', 'keys'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 },
    ).stdout,
  );
  const count = (id) => report.results.filter((r) => r.diagnostics.some((d) => d.ruleId === id)).length;
  table(
    '2. Peer comparison: 100 certificates and 100 public keys',
    ['measure', 'median ms', 'findings (expired / wrong host / weak key)'],
    [
      ['shell loop: openssl x509 -checkend -checkhost, ssh-keygen -l', fmt(theirs), `${shell.expired} / ${shell.host} / ${shell.weak}`],
      ['bitbucket-mirror-lint', fmt(ours), `${count('cert/expired')} / ${count('cert/hostname-mismatch')} / ${count('ssh/weak-rsa')}`],
      ['speed-up (target >= 10x)', `${fmt(theirs / ours, 1)}x`, ''],
    ],
  );
}

function bulk(dir) {
  const rows = [];
  let engine;
  const base = ['--now', NOW, '--ca', path.join(CACHE, 'peer', 'root-ca.pem'), '--quiet'];
  for (const mirrors of quick ? [333, 1667] : [333, 1667, 3334]) {
    // Each mNN folder holds 100 mirrors (300 files); take whole folders plus part of the next.
    const folders = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('m'))
      .sort();
    const paths = [];
    let left = mirrors;
    for (const folder of folders) {
      if (left <= 0) break;
      const inside = fs.readdirSync(path.join(dir, folder)).sort().slice(0, left);
      for (const m of inside) paths.push(path.join(folder, m));
      left -= inside.length;
    }
    const files = mirrors * 3;
    // The default (auto) stays in one thread up to 20,000 files; two threads shown for comparison.
    for (const concurrency of ['auto', '2']) {
      const r = child([...base, '--concurrency', concurrency, ...paths], dir);
      rows.push([files, `${r.threads + 1} (${concurrency === 'auto' ? 'default' : '--concurrency 2'})`, r.ms, r.maxRssKiB]);
      // Rule-evaluation time is measured in the main thread, so it comes from the single-threaded run.
      if (r.threads === 0) engine = r.engine;
    }
  }
  // A repeated run with --cache (the first run fills it): properties files and keys are reused.
  const cacheFile = path.join(os.tmpdir(), 'bml-bench-cache.json');
  fs.rmSync(cacheFile, { force: true });
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('m'))
    .sort();
  const cachedArgs = [...base, '--cache', '--cache-location', cacheFile, ...all];
  child(cachedArgs, dir);
  const warm = child(cachedArgs, dir);
  fs.rmSync(cacheFile, { force: true });
  rows.push([`${rows[rows.length - 1][0]} (warm --cache)`, `${warm.threads + 1} (default)`, warm.ms, warm.maxRssKiB]);
  const perFile = (r) => (typeof r[0] === 'number' ? r[0] : 10002);
  table(
    '3. Bulk: mixed files (a properties file, a key and a certificate per mirror)',
    ['files', 'threads', 'ms', 'files/s (target >= 3000)', 'peak RSS MiB (target <= 300)', 'ms per file'],
    rows.map((r) => [r[0], r[1], fmt(r[2]), fmt((perFile(r) / r[2]) * 1000), fmt(r[3] / 1024), fmt(r[2] / perFile(r), 2)]),
  );
  return engine;
}

function engineShare(typical, bulkEngine) {
  const r = child(['--now', NOW, '--ca', 'tls/root-ca.pem', '--concurrency', 'off', '.'], typical);
  const rows = Object.entries(bulkEngine).map(([kind, e]) => [kind, e.files, fmt(e.ms), fmt(e.ms / e.files, 3)]);
  table(
    '4. Time in rule evaluation (RuleRunner.judge: gates, json-rules-engine, messages), bulk run',
    ['kind', 'files', 'ms', 'ms per file'],
    rows,
  );
  const total = Object.values(r.engine).reduce((n, e) => n + e.ms, 0);
  console.log(`\nTypical repo: ${fmt(total, 1)} ms of ${fmt(r.ms)} ms in rule evaluation (${fmt((total / r.ms) * 100)}%).`);
}

const { typical, peer: peerDir, bulk: bulkDir } = ensureCorpus();
console.log(
  `bitbucket-mirror-lint benchmarks, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
);
coldStart(typical);
peer(peerDir);
const bulkEngine = bulk(bulkDir);
engineShare(typical, bulkEngine);

// 5. The language server: edit -> diagnostics latency and memory over 1,000 edits.
require('./lsp')
  .measure()
  .then((r) => {
    const growth = ((r.rssEnd - r.rssAfterWarm) / r.rssAfterWarm) * 100;
    table(
      '5. Language server: a 300-line bitbucket.properties edited 1,000 times (didChange to its diagnostics)',
      ['median ms (target <= 50)', 'p95 ms', 'RSS after 50 edits MiB', 'RSS after 1,050 MiB', 'growth (target <= 20%)'],
      [[fmt(r.median, 1), fmt(r.p95, 1), fmt(r.rssAfterWarm), fmt(r.rssEnd), `${fmt(growth)}%`]],
    );
    if (r.median > 50 || growth > 20) process.exitCode = 1;
  });

// 6. A fleet probed in one run: 100 loopback mirrors against one.
require('./fleet')
  .measure()
  .then((r) => {
    const ratio = r.allMs / r.oneMs;
    table(
      '6. Probing a fleet: 100 mirrors on 127.0.0.1 (HTTPS, /status, upstream, SSH, HTTP) in one run',
      ['one mirror ms', `${r.count} mirrors ms`, 'ratio (target <= 5)'],
      [[fmt(r.oneMs), fmt(r.allMs), fmt(ratio, 1)]],
    );
    if (ratio > 5) process.exitCode = 1;
  });
