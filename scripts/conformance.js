#!/usr/bin/env node
'use strict';
// X.509 path-validation conformance: every in-scope x509-limbo case of ../shared/conformance/x509,
// linted as a mirror admin would lint a server's chain (--ca anchors.pem --host <peer> --now <time>
// chain.pem; FAILURE = an error-level cert/* finding), compared with limbo's expected result and
// with OpenSSL's own verdict computed here (openssl verify -purpose sslserver -attime, with the peer
// name checked by -verify_hostname / -verify_ip). Prints agreement per family and fails below the
// target on the cases where OpenSSL and limbo agree.
//
//   node scripts/conformance.js [--cases <folder>] [--target 0.98] [--json <file>] [--verbose]
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const CASES = path.resolve(option('--cases', path.join(ROOT, '..', 'shared', 'conformance', 'x509', 'limbo-cases')));
const TARGET = Number(option('--target', '0.98'));
const VERBOSE = args.includes('--verbose');

if (!fs.existsSync(CASES)) {
  console.log(`conformance: no cases at ${CASES}; nothing to run`);
  process.exit(0);
}

const { lint } = require(path.join(ROOT, 'dist', 'index.js'));

/** The certificates of a PEM file, each as its own PEM text. */
function pemBlocks(file) {
  return fs.readFileSync(file, 'latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}

/** OpenSSL's verdict: SUCCESS when `openssl verify` accepts the peer for TLS server use at that time and name. */
function openssl(dir, meta, tmp) {
  const chain = pemBlocks(path.join(dir, 'chain.pem'));
  const peer = path.join(tmp, 'peer.pem');
  const untrusted = path.join(tmp, 'untrusted.pem');
  fs.writeFileSync(peer, `${chain[0] ?? ''}\n`);
  fs.writeFileSync(untrusted, `${chain.slice(1).join('\n')}\n`);
  const attime = String(Math.floor(Date.parse(meta.now) / 1000));
  const name = meta.host ? (meta.host_kind === 'IP' ? ['-verify_ip', meta.host] : ['-verify_hostname', meta.host]) : [];
  const result = spawnSync(
    'openssl',
    [
      'verify',
      '-purpose',
      'sslserver',
      '-attime',
      attime,
      '-no-CApath',
      '-CAfile',
      path.join(dir, 'anchors.pem'),
      ...(chain.length > 1 ? ['-untrusted', untrusted] : []),
      ...name,
      peer,
    ],
    { encoding: 'utf8' },
  );
  const ok = result.status === 0 && /: OK\s*$/m.test(result.stdout);
  return {
    verdict: ok ? 'SUCCESS' : 'FAILURE',
    detail: (result.stderr || result.stdout).split('\n').find((l) => /error \d+/.test(l)) ?? '',
  };
}

async function ours(dir, meta) {
  const report = await lint(['chain.pem'], {
    cwd: dir,
    ca: ['anchors.pem'],
    ...(meta.host ? { host: meta.host } : {}),
    now: meta.now,
    concurrency: 'off',
  });
  const errors = report.results
    .flatMap((r) => r.diagnostics)
    .filter((d) => d.severity === 'error' && (d.ruleId.startsWith('cert/') || d.ruleId.startsWith('io/')));
  return { verdict: errors.length > 0 ? 'FAILURE' : 'SUCCESS', findings: errors.map((d) => `${d.ruleId}: ${d.message}`) };
}

async function main() {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    console.error('conformance: openssl is not installed');
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bml-conformance-'));
  const rows = [];
  for (const id of fs.readdirSync(CASES).sort()) {
    const dir = path.join(CASES, id);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
    if (!meta.in_scope) continue;
    const theirs = openssl(dir, meta, tmp);
    const mine = await ours(dir, meta);
    rows.push({
      id: meta.id,
      family: meta.family,
      expected: meta.expected,
      openssl: theirs.verdict,
      opensslDetail: theirs.detail,
      ours: mine.verdict,
      findings: mine.findings,
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  const agreeing = rows.filter((r) => r.openssl === r.expected);
  const families = [...new Set(rows.map((r) => r.family))].sort();
  const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
  console.log('| family | in scope | OpenSSL = limbo | ours = OpenSSL there | ours = limbo (all) |');
  console.log('|---|---|---|---|---|');
  for (const family of families) {
    const all = rows.filter((r) => r.family === family);
    const agree = all.filter((r) => r.openssl === r.expected);
    const good = agree.filter((r) => r.ours === r.openssl);
    console.log(
      `| ${family} | ${all.length} | ${agree.length} | ${good.length} (${pct(good.length, agree.length)}) | ${pct(all.filter((r) => r.ours === r.expected).length, all.length)} |`,
    );
  }
  const good = agreeing.filter((r) => r.ours === r.openssl);
  const score = agreeing.length === 0 ? 1 : good.length / agreeing.length;
  console.log(
    `| all | ${rows.length} | ${agreeing.length} | ${good.length} (${pct(good.length, agreeing.length)}) | ${pct(rows.filter((r) => r.ours === r.expected).length, rows.length)} |`,
  );

  const misses = agreeing.filter((r) => r.ours !== r.openssl);
  if (misses.length > 0) {
    console.log('\nDisagreements with OpenSSL and limbo:');
    for (const r of misses)
      console.log(
        `- ${r.id} (${r.family}): expected ${r.expected}, ours ${r.ours}${r.findings.length ? `: ${r.findings.join('; ')}` : ''}`,
      );
  }
  const disputed = rows.filter((r) => r.openssl !== r.expected);
  if (VERBOSE || disputed.length > 0) {
    console.log(`\nCases where OpenSSL and limbo disagree (${disputed.length}; we judge as OpenSSL does):`);
    for (const r of disputed)
      console.log(
        `- ${r.id}: limbo ${r.expected}, OpenSSL ${r.openssl}${r.opensslDetail ? ` (${r.opensslDetail.trim()})` : ''}, ours ${r.ours}${r.ours === r.openssl ? '' : ' (differs)'}`,
      );
  }
  const json = option('--json');
  if (json) fs.writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
  const passed = score >= TARGET;
  console.log(
    `\nconformance: ${good.length}/${agreeing.length} (${pct(good.length, agreeing.length)}) of the cases where OpenSSL and limbo agree; target ${(TARGET * 100).toFixed(0)}%: ${passed ? 'met' : 'NOT met'}`,
  );
  process.exit(passed ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
