import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runRule } from '../support/rule-tester';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'bml-modes-'));
function file(name: string, content: string | Buffer, mode: number): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  chmodSync(target, mode);
  return target;
}
const key = readFileSync(path.join(ROOT, 'fixtures/pki/private-keys/pkcs8-rsa.key'));
const opensshKey = readFileSync(path.join(ROOT, 'fixtures/ssh/id_ed25519'));

// Issue #13 §9: in a git work tree every checkout makes files 0644, so the mode is judged where the file is deployed.
const repo = mkdtempSync(path.join(tmpdir(), 'bml-repo-'));
mkdirSync(path.join(repo, '.git'));
mkdirSync(path.join(repo, 'shared'));
writeFileSync(path.join(repo, 'shared', 'bitbucket.properties'), 'jdbc.password=s3cret\n');
chmodSync(path.join(repo, 'shared', 'bitbucket.properties'), 0o644);

runRule('security/file-permissions', {
  valid: [
    { name: 'passwords, 0644, in a git work tree', paths: [path.join(repo, 'shared', 'bitbucket.properties')] },
    { name: 'passwords, owner only', paths: [file('owner.properties', 'jdbc.password=s3cret\n', 0o600)] },
    { name: 'no secrets, world-readable', paths: [file('plain.properties', 'server.port=7990\n', 0o644)] },
    { name: 'a certificate without a key', paths: [path.join(ROOT, 'fixtures/pki/mirror.crt')] },
    { name: 'a private key, owner only', paths: [file('owner.key', key, 0o600)] },
  ],
  invalid: [
    {
      name: 'passwords readable by others',
      paths: [file('bitbucket-shared.properties', 'server.port=7990\njdbc.password=s3cret\n', 0o644)],
      errors: [{ line: 1, severity: 'warning', message: 'This file holds secrets (passwords or a private key) and its mode is 0644: group or others can access it' }],
    },
    { name: 'a private key readable by the group', paths: [file('group.key', key, 0o640)], errors: [{ line: 1, messageContains: 'mode is 0640' }] },
    { name: 'an OpenSSH private key', paths: [file('id_ed25519', opensshKey, 0o604)], errors: [{ line: 1, messageContains: '0604' }] },
  ],
});
