import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runRule } from '../support/rule-tester';

const SSH = 'fixtures/ssh';
const pub = (name: string) => readFileSync(path.join(__dirname, '..', '..', SSH, name), 'utf8');
const asPub = { file: 'key.pub' };
const datacenter = (version: string) => ({ ...asPub, target: 'datacenter' as const, bitbucketVersion: version });

runRule('ssh/unparseable', {
  valid: [{ code: pub('rsa3072.pub'), options: asPub }, { name: 'RFC 4716', code: pub('rsa3072-rfc4716.pub'), options: asPub }],
  invalid: [
    { name: 'bad base64', code: 'ssh-rsa AAAA$$$$ me@host\n', options: asPub, errors: [{ line: 1, message: 'This is not a usable SSH public key: the key data is not valid base64' }] },
    {
      name: 'truncated',
      code: `# ok line first\n${pub('rsa3072.pub').slice(0, 60)}\n`,
      options: asPub,
      errors: [{ line: 2, messageContains: 'truncated' }],
    },
    {
      name: 'name and blob disagree',
      code: pub('ecdsa256.pub').replace(/^ecdsa-sha2-nistp256/, 'ssh-rsa'),
      options: asPub,
      errors: [{ line: 1, message: 'This is not a usable SSH public key: the line says ssh-rsa but the key data is ecdsa-sha2-nistp256' }],
    },
    { name: 'unknown type', code: 'ssh-foo AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x\n', options: asPub, errors: [{ line: 1, messageContains: 'ssh-rsa' }] },
    { name: 'not a key at all', code: 'hello world\n', options: asPub, errors: [{ line: 1, messageContains: 'not an SSH public key' }] },
    { name: 'empty RFC 4716 block', code: '---- BEGIN SSH2 PUBLIC KEY ----\n', options: asPub, errors: [{ line: 1, messageContains: 'no END line' }] },
  ],
});

runRule('ssh/private-key', {
  valid: [{ code: pub('ed25519.pub'), options: asPub }],
  invalid: [
    { name: 'OpenSSH private key committed as id_ed25519', paths: [`${SSH}/id_ed25519`], errors: [{ file: 'id_ed25519', line: 1, severity: 'error' }] },
    {
      name: 'PEM private key pasted into authorized_keys',
      code: `${pub('rsa3072.pub')}-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n`,
      options: { file: 'authorized_keys' },
      errors: [{ line: 2 }],
    },
  ],
});

runRule('ssh/unsupported-key-type', {
  valid: [
    { name: 'RSA', code: pub('rsa4096.pub'), options: asPub },
    { name: 'ECDSA on Cloud', code: pub('ecdsa521.pub'), options: asPub },
    { name: 'DSA on Cloud', code: pub('dsa1024.pub'), options: asPub },
    { name: 'Ed25519 on Data Center 8.0', code: pub('ed25519.pub'), options: datacenter('8.0') },
    { name: 'ECDSA on Data Center 7.10', code: pub('ecdsa256.pub'), options: datacenter('7.10') },
    { name: 'FIDO on Data Center 8.13', code: 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIE1nLpzO5e8ExAMPLEkeyDATAforTESTSonly0000000AAAABHNzaDo= fido\n', options: datacenter('8.13') },
  ],
  invalid: [
    {
      name: 'Ed25519 on Cloud (the seed)',
      code: pub('ed25519.pub'),
      options: asPub,
      errors: [{ line: 1, severity: 'error', messageContains: 'ssh-ed25519 keys are not supported by the mirror' }],
    },
    { name: 'Ed25519 in authorized_keys', paths: [`${SSH}/authorized_keys`], errors: [{ file: 'authorized_keys', line: 4 }] },
    { name: 'ECDSA on Data Center 7.9', code: pub('ecdsa256.pub'), options: datacenter('7.9'), errors: [{ line: 1, messageContains: 'Data Center 7.9' }] },
    { name: 'Ed25519 on Data Center 5.1', code: pub('ed25519.pub'), options: datacenter('5.1'), errors: [{ line: 1 }] },
    {
      name: 'FIDO on Data Center 8.12',
      code: 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIE1nLpzO5e8ExAMPLEkeyDATAforTESTSonly0000000AAAABHNzaDo= fido\n',
      options: datacenter('8.12'),
      errors: [{ line: 1 }],
    },
  ],
});

runRule('ssh/weak-rsa', {
  valid: [{ code: pub('rsa2048.pub'), options: asPub }],
  invalid: [{ code: pub('rsa1024.pub'), options: asPub, errors: [{ line: 1, severity: 'error', message: 'This RSA key has 1024 bits; use at least 2048 (3072 or 4096 preferred)' }] }],
});

runRule('ssh/dsa-deprecated', {
  valid: [{ code: pub('ecdsa384.pub'), options: asPub }],
  invalid: [{ code: pub('dsa1024.pub'), options: asPub, errors: [{ line: 1, severity: 'warning' }] }],
});

runRule('ssh/duplicate-key', {
  valid: [{ paths: [`${SSH}/rsa2048.pub`, `${SSH}/rsa4096.pub`] }],
  invalid: [
    {
      name: 'across files, named at the later place',
      paths: [`${SSH}/authorized_keys`, `${SSH}/rsa3072.pub`],
      errors: [{ file: 'rsa3072.pub', line: 1, messageContains: 'is also at fixtures/ssh/authorized_keys:2' }],
    },
    { name: 'twice in one file', code: `${pub('rsa2048.pub')}\n${pub('rsa2048.pub')}`, options: asPub, errors: [{ line: 3, messageContains: 'key.pub:1' }] },
  ],
});
