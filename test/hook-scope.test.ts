import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SOURCES } from '../src/sources/registry';
import { ROOT } from './support/cli';

/**
 * The pre-commit hook sees only files its `files:` pattern matches: it must match every file the
 * linter claims by name, and no file no source claims (issue #13: committed id_rsa and *.ppk files
 * were "(no files to check) Skipped").
 */
const hook = readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
const pattern = new RegExp(/^\s*files:\s*(.+)$/m.exec(hook)?.[1]?.trim() ?? '$^');

const NAMES = [
  'bitbucket.properties',
  'shared/bitbucket.properties',
  'mirror.properties',
  'gradle.properties',
  'keys/alice.pub',
  'id_rsa.pub',
  'host-cert.pub',
  'mirror.ppk',
  'authorized_keys',
  'ssh/authorized_keys2',
  'ssh/id_rsa',
  'id_ed25519',
  'id_ecdsa_sk',
  'id_deploy-key',
  'tls/mirror.pem',
  'mirror.crt',
  'mirror.cer',
  'mirror.cert',
  'mirror.key',
  'logs/atlassian-bitbucket.log',
  'atlassian-bitbucket-access.log.1',
  'README.md',
  'notes.txt',
  'config.yaml',
  'idea.txt',
  'keystore.jks',
];

describe('the pre-commit hook covers what the linter claims', () => {
  it.each(NAMES)('%s', (name) => {
    const claimed = SOURCES.some((s) => s.claim(name) === 'yes') || /\.(properties|cert)$/.test(name);
    expect(pattern.test(name)).toBe(claimed);
  });
});
