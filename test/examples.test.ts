import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatReport, lint, lintText } from '../src';
import { ROOT } from './support/cli';
import { NOW } from './support/rule-tester';

describe('bundled inputs', () => {
  it('a healthy mirror config produces no finding at all', async () => {
    chmodSync(path.join(ROOT, 'fixtures/properties/healthy-mirror.properties'), 0o600);
    const report = await lint(['fixtures/properties/healthy-mirror.properties'], { cwd: ROOT, now: NOW });
    expect(report.results).toEqual([{ file: 'fixtures/properties/healthy-mirror.properties', kind: 'properties', diagnostics: [] }]);
  });

  it('a healthy mirror folder (config, RSA-3072 and ECDSA keys, CA-issued chain, encrypted key) produces no finding', async () => {
    // Git checks files out 0644; a healthy deployment keeps files with secrets to their owner.
    for (const file of ['bitbucket.properties', 'tls/mirror.key']) chmodSync(path.join(ROOT, 'fixtures/healthy-mirror', file), 0o600);
    const report = await lint(['fixtures/healthy-mirror'], { cwd: ROOT, now: NOW, ca: ['fixtures/pki/root-ca.pem'] });
    expect(report.results.map((r) => [r.file, r.kind])).toEqual([
      ['fixtures/healthy-mirror/bitbucket.properties', 'properties'],
      ['fixtures/healthy-mirror/ssh/admin-rsa3072.pub', 'ssh-key'],
      ['fixtures/healthy-mirror/ssh/deploy-ecdsa256.pub', 'ssh-key'],
      ['fixtures/healthy-mirror/tls/mirror.key', 'pem'],
      ['fixtures/healthy-mirror/tls/mirror.pem', 'pem'],
      // Trust anchors are linted too (--ca), as certificates that serve nothing.
      ['fixtures/pki/root-ca.pem', 'pem'],
    ]);
    expect(report.results.flatMap((r) => r.diagnostics)).toEqual([]);
  });

  it('the example mirror shows its deliberate mistakes, the same on any day', async () => {
    chmodSync(path.join(ROOT, 'examples/mirror/bitbucket.properties'), 0o644);
    const findings = async (now: string | Date) => {
      const report = await lint(['examples/mirror'], { cwd: ROOT, now });
      return report.results.flatMap((r) => r.diagnostics.map((d) => `${path.basename(d.file)}:${d.line} ${d.ruleId}`));
    };
    // The example is in this repository's git work tree, where modes are not judged.
    const expected = [
      'bitbucket.properties:8 mirror/proxy-name-format',
      'bitbucket.properties:9 mirror/scheme-secure-mismatch',
      'bitbucket.properties:10 properties/duplicate-key',
      'bitbucket.properties:11 mirror/proxy-port',
      'bitbucket.properties:13 mirror/base-url-mismatch',
      'bitbucket.properties:14 properties/unknown-key',
      'bitbucket.properties:16 properties/inline-comment',
      'bitbucket.properties:16 properties/invalid-value',
      'bitbucket.properties:17 properties/env-var-name',
      'bitbucket.properties:21 properties/plaintext-secret',
      'bob-ed25519.pub:1 ssh/unsupported-key-type',
      'mirror-2024.pem:1 cert/expired',
      'mirror-2024.pem:1 cert/untrusted-root',
      'mirror.pem:1 cert/hostname-mismatch',
      'mirror.pem:1 cert/untrusted-root',
    ];
    // The Quick start's output must not change with the calendar (its certificates run to 2100).
    for (const now of [NOW, new Date(), '2031-02-28T00:00:00Z', '2099-12-01T00:00:00Z']) expect(await findings(now)).toEqual(expected);
    const trusted = await lint(['examples/mirror'], { cwd: ROOT, ca: ['examples/private-ca.pem'] });
    expect(trusted.results.flatMap((r) => r.diagnostics).filter((d) => d.ruleId === 'cert/untrusted-root')).toEqual([]);
  });

  it('the JSON report keeps its documented shape', async () => {
    const report = await lint(['examples/mirror'], { cwd: ROOT, now: NOW });
    expect(Object.keys(report)).toEqual(['version', 'results', 'summary']);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ files: 5, errors: 9, warnings: 5, infos: 1 });
    const [first] = report.results[0]?.diagnostics ?? [];
    expect(Object.keys(first ?? {}).sort()).toEqual(
      ['column', 'endColumn', 'endLine', 'file', 'fix', 'line', 'message', 'reference', 'ruleId', 'severity'].sort(),
    );
  });

  it('never prints private key material', async () => {
    const keyFiles = ['fixtures/pki/private-keys', 'fixtures/pki/self-signed.pem', 'fixtures/ssh/id_ed25519', 'fixtures/pki/mismatch.key'];
    const report = await lint([...keyFiles, 'fixtures/pki/mismatch.crt'], { cwd: ROOT, now: NOW });
    expect(report.summary.errors + report.summary.warnings).toBeGreaterThan(0);
    const bodies = report.results
      .map((r) => readFileSync(path.join(ROOT, r.file), 'utf8'))
      .flatMap((text) => text.split('\n').filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l)));
    expect(bodies.length).toBeGreaterThan(10);
    for (const format of ['stylish', 'json'] as const) {
      const out = formatReport(report, format);
      for (const line of bodies) expect(out).not.toContain(line.slice(0, 24));
    }
  });

  it('never prints a password value', async () => {
    const marker = 'Zq7-secret-marker-91';
    const text = [
      `jdbc.password=${marker}`,
      `jdbc.password=${marker} #old`,
      `server.ssl.key-store-password=${marker}  `,
      `setup.sysadmin.password=\\u12${marker}`,
      `com.example.token=${marker}`,
    ].join('\n');
    const result = await lintText(text, { now: NOW });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const report = { version: 1 as const, results: [result], summary: { files: 1, errors: 0, warnings: 0, infos: 0 } };
    for (const format of ['stylish', 'json'] as const) {
      expect(formatReport(report, format)).not.toContain(marker);
    }
  });
});
