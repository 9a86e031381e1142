import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintText } from '../../src';
import { NOW } from '../support/rule-tester';

const ROOT = path.resolve(__dirname, '..', '..');
const fixture = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const ruleIds = (r: { diagnostics: { ruleId: string; line: number }[] }) => r.diagnostics.map((d) => `${d.line} ${d.ruleId}`);

describe('inline suppressions', () => {
  const text = [
    '# bitbucket-mirror-lint-disable mirror/no-https -- TLS is terminated by the load balancer config in another repo',
    'server.port=7990',
    '# bitbucket-mirror-lint-disable-next-line properties/unknown-key, properties/inline-comment -- read by our plugin',
    '',
    'com.example.flag=on # yes',
    'com.example.other=1',
  ].join('\n');

  it('silence the named rules, next line or whole file, and keep them with their reason', async () => {
    const result = await lintText(text, { now: NOW });
    expect(ruleIds(result)).toEqual(['6 properties/unknown-key']);
    expect(result.suppressed?.map((d) => [d.line, d.ruleId, d.justification])).toEqual([
      [2, 'mirror/no-https', 'TLS is terminated by the load balancer config in another repo'],
      [5, 'properties/inline-comment', 'read by our plugin'],
      [5, 'properties/unknown-key', 'read by our plugin'],
    ]);
  });

  it('are ignored with inlineConfig: false (--no-inline-config)', async () => {
    const result = await lintText(text, { now: NOW, inlineConfig: false });
    expect(ruleIds(result)).toEqual([
      '2 mirror/no-https',
      '5 properties/inline-comment',
      '5 properties/unknown-key',
      '6 properties/unknown-key',
    ]);
    expect(result.suppressed).toBeUndefined();
  });

  it('that suppress nothing are reported when asked', async () => {
    const unused =
      '# bitbucket-mirror-lint-disable-next-line mirror/port-conflict -- old\nserver.port=7990\n# bitbucket-mirror-lint-disable properties/duplicate-key\n';
    const result = await lintText(unused, { now: NOW, reportUnusedDisableDirectives: true, rules: { 'mirror/no-https': 'off' } });
    expect(result.diagnostics.map((d) => [d.line, d.ruleId, d.severity])).toEqual([
      [1, 'lint/unused-disable-directive', 'warning'],
      [3, 'lint/unused-disable-directive', 'warning'],
    ]);
    expect((await lintText(unused, { now: NOW, rules: { 'mirror/no-https': 'off' } })).diagnostics).toEqual([]);
  });

  it('work before a PEM block (OpenSSL ignores the comment line)', async () => {
    const pem = `# bitbucket-mirror-lint-disable-next-line cert/expires-soon -- renewal is booked for 2026-12-01\n${fixture('fixtures/pki/expiring.crt')}`;
    const result = await lintText(pem, { now: NOW, file: 'mirror.pem', ca: [path.join(ROOT, 'fixtures/pki/root-ca.pem')] });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['cert/incomplete-chain']);
    expect(result.suppressed?.map((d) => [d.line, d.ruleId])).toEqual([[2, 'cert/expires-soon']]);
  });

  it('work before a key in authorized_keys (OpenSSH ignores # lines)', async () => {
    const keys = `# bitbucket-mirror-lint-disable-next-line ssh/unsupported-key-type -- this key is for the upstream, not the mirror\n${fixture('fixtures/ssh/ed25519.pub')}${fixture('fixtures/ssh/ed25519.pub')}`;
    const result = await lintText(keys, { now: NOW, file: 'authorized_keys' });
    expect(ruleIds(result)).toEqual(['3 ssh/duplicate-key', '3 ssh/unsupported-key-type']);
    expect(result.suppressed?.map((d) => d.line)).toEqual([2]);
  });
});
