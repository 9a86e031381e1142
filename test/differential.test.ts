import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lint } from '../src';
import { pemSource } from '../src/sources/pem';
import { sshKeySource } from '../src/sources/ssh';
import type { QueryContext } from '../src/sources/source';
import { ROOT } from './support/cli';
import { NOW } from './support/rule-tester';

/** Our verdicts against the tools a mirror admin would reach for: ssh-keygen and openssl. */

const SSH = path.join(ROOT, 'fixtures', 'ssh');
const PKI = path.join(ROOT, 'fixtures', 'pki');

function context(host: string | undefined): QueryContext {
  return {
    run: { host, now: new Date(NOW), target: 'cloud' },
    shared: [],
    caCertificates: [],
  };
}

describe('fingerprints and sizes agree with ssh-keygen -l -E sha256', () => {
  const files = readdirSync(SSH).filter((f) => f.endsWith('.pub') || f === 'authorized_keys');
  it.each(files)('%s', (name) => {
    const file = path.join(SSH, name);
    // ssh-keygen -l reads OpenSSH lines only; an RFC 4716 file goes through ssh-keygen -i first.
    const openssh = name.includes('rfc4716') ? execFileSync('ssh-keygen', ['-i', '-f', file], { encoding: 'utf8' }) : undefined;
    const theirs = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', openssh ? '-' : file], { encoding: 'utf8', input: openssh })
      .trim()
      .split('\n')
      .map((line) => {
        const [bits, fingerprint] = line.split(' ');
        return { bits: Number(bits), fingerprint };
      });
    const ours = sshKeySource
      .parse(readFileSync(file), name)
      .items.map((item) => ({ bits: item.facts['bits'], fingerprint: item.facts['fingerprint'] }));
    expect(ours).toEqual(theirs);
  });
});

describe('host matching agrees with openssl x509 -checkhost / -checkip', () => {
  const certs = ['mirror.crt', 'wildcard.crt', 'ip-san.crt', 'cn-only.crt', 'other-host.crt'];
  const hosts = [
    'mirror.example.com',
    'MIRROR.Example.com',
    'other.example.com',
    'a.example.com',
    'a.b.example.com',
    'example.com',
    '192.0.2.10',
    '192.0.2.11',
  ];
  const cases = certs.flatMap((cert) => hosts.map((host) => [cert, host] as const));
  it.each(cases)('%s for %s', (cert, host) => {
    const file = path.join(PKI, cert);
    const isIp = /^[\d.]+$/.test(host);
    const out = execFileSync('openssl', ['x509', '-in', file, '-noout', isIp ? '-checkip' : '-checkhost', host], { encoding: 'utf8' });
    const theirs = !/does NOT match/.test(out);
    const parsed = pemSource.parse(readFileSync(file), cert);
    const leaf = parsed.items.find((i) => i.scope === 'certificate');
    if (!leaf) throw new Error(`no certificate in ${cert}`);
    const ours = parsed.queries['hostMatch']?.({}, leaf, context(host.toLowerCase())) !== 'none';
    expect(ours).toBe(theirs);
  });
});

describe('chain verdicts agree with openssl verify', () => {
  const attime = String(Math.floor(Date.parse(NOW) / 1000));
  const cases: [string, string[], boolean][] = [
    ['mirror-chain.pem', ['root-ca.pem'], true],
    ['mirror-chain.pem', [], false],
    ['mirror.crt', ['root-ca.pem'], false],
    ['mirror-chain-reversed.pem', ['root-ca.pem'], true],
    ['self-signed.pem', ['root-ca.pem'], false],
    ['sha1.crt', ['root-ca.pem'], false],
  ];
  it.each(cases)('%s with trust anchors %j', async (name, anchors, expected) => {
    const file = path.join(PKI, name);
    const ca = anchors.map((a) => path.join(PKI, a));
    const args = [
      'verify',
      '-attime',
      attime,
      '-no-CApath',
      ...(ca.length > 0 ? ['-CAfile', ca[0] ?? ''] : ['-no-CAfile']),
      '-untrusted',
      file,
    ];
    // openssl verifies the first certificate of the file; for the reversed bundle that is the intermediate.
    const first = name === 'mirror-chain-reversed.pem' ? path.join(PKI, 'mirror.crt') : file;
    const result = spawnSync('openssl', [...args, first], { encoding: 'utf8' });
    const theirs = result.status === 0 && /: OK/.test(result.stdout);
    const report = await lint([path.relative(ROOT, file)], { cwd: ROOT, now: NOW, ca: ca.map((c) => path.relative(ROOT, c)) });
    const chainFindings = report.results
      .flatMap((r) => r.diagnostics)
      .filter((d) => ['cert/untrusted-root', 'cert/incomplete-chain', 'cert/self-signed', 'cert/weak-signature'].includes(d.ruleId));
    expect(theirs).toBe(expected);
    expect(chainFindings.length === 0).toBe(theirs);
  });
});
