import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { certificate, HAS_PUTTYGEN, keygen, puttygen, publicKey, ssh1Key } from '../support/keys';
import { runRule, type InvalidCase } from '../support/rule-tester';

const SSH = 'fixtures/ssh';
const pub = (name: string) => readFileSync(path.join(__dirname, '..', '..', SSH, name), 'utf8');
const asPub = { file: 'key.pub' };

/** A private key made by ssh-keygen with a passphrase: its path. */
function keyFile(name: string, args: string[], passphrase: string): string {
  const file = keygen(name, args);
  execFileSync('ssh-keygen', ['-q', '-p', '-N', passphrase, '-P', '', ...(args.includes('-m') ? ['-m', args[args.indexOf('-m') + 1] ?? ''] : []), '-f', file], { stdio: 'ignore' });
  return file;
}
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
    // Issue #12 §4: lines OpenSSH does not read, as ssh-keygen -l refuses them.
    {
      name: 'a byte order mark before the first key',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(publicKey('bom', ['-t', 'ed25519']) + publicKey('second', ['-t', 'ecdsa']))]),
      options: asPub,
      errors: [{ line: 1, messageContains: 'byte order mark' }],
    },
    { name: 'UTF-16', bytes: Buffer.from(publicKey('utf16', ['-t', 'ed25519']), 'utf16le'), options: asPub, errors: [{ line: 1, messageContains: 'UTF-16' }] },
    { name: 'a no-break space between the fields', code: publicKey('nbsp', ['-t', 'ed25519']).replace(' ', '\u00a0'), options: asPub, errors: [{ line: 1, messageContains: 'no-break space' }] },
    {
      name: 'lone CR line ends: only the first key is read',
      code: `${publicKey('cr1', ['-t', 'ed25519']).trim()}\r${publicKey('cr2', ['-t', 'ecdsa']).trim()}\r`,
      options: asPub,
      errors: [{ line: 2, messageContains: 'lone CR' }],
    },
    { name: 'base64 without its padding', code: publicKey('pad', ['-t', 'ecdsa']).replace(/=+ /, ' '), options: asPub, errors: [{ line: 1, messageContains: 'padding' }] },
  ],
});

const PPK = HAS_PUTTYGEN
  ? ([
      { name: 'PuTTY .ppk version 3', code: puttygen('putty', ['-t', 'rsa', '-b', '2048'], 'ppk3'), options: { file: 'mirror.ppk' }, errors: [{ line: 1, message: 'This is a private key (PuTTY (PPK version 3)); only the public key (the .pub file) belongs here' }] },
      { name: 'PuTTY .ppk version 2', code: puttygen('putty', ['-t', 'rsa', '-b', '2048'], 'ppk2'), options: { file: 'mirror.ppk' }, errors: [{ line: 1, messageContains: 'PPK version 2' }] },
      { name: 'an encrypted .ppk pasted into authorized_keys', code: puttygen('putty-e', ['-t', 'ed25519'], 'ppk3-encrypted'), options: { file: 'authorized_keys' }, errors: [{ line: 1 }] },
      { name: 'ssh.com private key', code: puttygen('sshcom', ['-t', 'rsa', '-b', '2048'], 'sshcom'), options: asPub, errors: [{ line: 1, messageContains: 'ssh.com' }] },
      { name: 'SSH-1 private key', bytes: ssh1Key(false), options: { file: 'identity' }, errors: [{ line: 1, messageContains: 'SSH-1' }] },
    ] satisfies InvalidCase[])
  : [];

runRule('ssh/private-key', {
  valid: [{ code: pub('ed25519.pub'), options: asPub }],
  invalid: [
    ...PPK,
    { name: 'encrypted PEM (Proc-Type: 4,ENCRYPTED) from ssh-keygen', code: readFileSync(keyFile('pem-enc', ['-t', 'rsa', '-b', '2048', '-m', 'PEM'], 'secret'), 'utf8'), options: { file: 'id_rsa' }, errors: [{ line: 1, messageContains: '(pem)' }] },
    { name: 'encrypted PKCS#8 from ssh-keygen', code: readFileSync(keyFile('p8-enc', ['-t', 'ecdsa', '-m', 'PKCS8'], 'secret'), 'utf8'), options: { file: 'id_ecdsa' }, errors: [{ line: 1, messageContains: '(pkcs8)' }] },
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
    { name: 'ECDSA on Data Center 7.12, whose documentation lists it', code: pub('ecdsa256.pub'), options: datacenter('7.12') },
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
    { name: 'ECDSA on Data Center 7.9', code: pub('ecdsa256.pub'), options: datacenter('7.9'), errors: [{ line: 1, severity: 'error', messageContains: 'Data Center 7.9' }] },
    // 7.9's documentation lacks ECDSA and 7.12's lists it: for 7.10 and 7.11 support is inferred, not documented.
    { name: 'ECDSA on Data Center 7.10', code: pub('ecdsa256.pub'), options: datacenter('7.10'), errors: [{ line: 1, severity: 'warning', messageContains: 'not documented' }] },
    // Issue #12: the message began with an empty type name for RFC 4716 and PuTTY public keys.
    ...(HAS_PUTTYGEN
      ? [{ name: 'RFC 4716 from puttygen names its type', code: puttygen('ed', ['-t', 'ed25519'], 'rfc4716'), options: asPub, errors: [{ line: 1, message: 'ssh-ed25519 keys are not supported by the mirror: Bitbucket Cloud smart mirroring supports RSA, DSA and ECDSA keys, and clones fail with "Permission denied (publickey)"' }] }]
      : []),
    { name: 'Ed25519 on Data Center 5.1', code: pub('ed25519.pub'), options: datacenter('5.1'), errors: [{ line: 1 }] },
    {
      name: 'FIDO on Data Center 8.12',
      code: 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIE1nLpzO5e8ExAMPLEkeyDATAforTESTSonly0000000AAAABHNzaDo= fido\n',
      options: datacenter('8.12'),
      errors: [{ line: 1 }],
    },
  ],
});

// Issue #12 §2: certificates are read as OpenSSH reads them (the certified key's type, bits and fingerprint).
runRule('ssh/certificate', {
  valid: [{ code: publicKey('plain', ['-t', 'ed25519']), options: asPub }],
  invalid: [
    {
      code: certificate('cert-rsa4096', ['-t', 'rsa', '-b', '4096']),
      options: { file: 'id_rsa-cert.pub' },
      errors: [{ line: 1, severity: 'info', messageContains: 'user certificate for a 4096-bit rsa key' }],
    },
    { name: 'a .cert file is read by its content', code: certificate('cert-ed', ['-t', 'ed25519']), options: { file: 'mirror.cert' }, errors: [{ line: 1 }] },
  ],
});

runRule('ssh/weak-rsa', {
  valid: [
    { code: pub('rsa2048.pub'), options: asPub },
    // A 2048- or 4096-bit RSA certificate was taken for a 256-bit key.
    { name: 'RSA certificates have their key\'s bits', code: certificate('cert-rsa2048', ['-t', 'rsa', '-b', '2048']), options: asPub },
  ],
  invalid: [{ code: pub('rsa1024.pub'), options: asPub, errors: [{ line: 1, severity: 'error', message: 'This RSA key has 1024 bits; use at least 2048 (3072 or 4096 preferred)' }] }],
});

runRule('ssh/dsa-deprecated', {
  valid: [{ code: pub('ecdsa384.pub'), options: asPub }],
  invalid: [{ code: pub('dsa1024.pub'), options: asPub, errors: [{ line: 1, severity: 'warning' }] }],
});

runRule('ssh/duplicate-key', {
  valid: [
    { paths: [`${SSH}/rsa2048.pub`, `${SSH}/rsa4096.pub`] },
    { name: 'a certificate is not a duplicate of its own key', code: `${publicKey('dup-cert', ['-t', 'ed25519'])}${certificate('dup-cert', ['-t', 'ed25519'])}`, options: asPub },
  ],
  invalid: [
    {
      name: 'across files, named at the later place',
      paths: [`${SSH}/authorized_keys`, `${SSH}/rsa3072.pub`],
      errors: [{ file: 'rsa3072.pub', line: 1, messageContains: 'is also at fixtures/ssh/authorized_keys:2' }],
    },
    { name: 'twice in one file', code: `${pub('rsa2048.pub')}\n${pub('rsa2048.pub')}`, options: asPub, errors: [{ line: 3, messageContains: 'key.pub:1' }] },
  ],
});
