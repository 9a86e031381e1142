/** SSH keys and certificates made by the real tools at test time (ssh-keygen, puttygen), in a temporary folder. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasTool } from './tools';

/** ssh-keygen has no version flag; `ssh -V` comes from the same package. */
export const HAS_SSH_KEYGEN = hasTool('ssh', ['-V'], 'openssh-client');
export const HAS_PUTTYGEN = hasTool('puttygen', ['--version'], 'putty-tools');

const dir = mkdtempSync(path.join(tmpdir(), 'bml-keys-'));
const made = new Map<string, string>();

/** A key made by ssh-keygen (cached by name): the private key's path; its public key is `${path}.pub`. */
export function keygen(name: string, args: string[]): string {
  const known = made.get(name);
  if (known) return known;
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', `${name}@test`, ...args, '-f', file], { stdio: 'ignore' });
  made.set(name, file);
  return file;
}

/** The public key line of a key made by ssh-keygen. */
export function publicKey(name: string, args: string[]): string {
  return readFileSync(`${keygen(name, args)}.pub`, 'utf8');
}

/** An OpenSSH user certificate for the key `name`, signed by a CA made here. */
export function certificate(name: string, args: string[]): string {
  const ca = keygen('test-ca', ['-t', 'ed25519']);
  const key = keygen(name, args);
  const cert = `${key}-cert.pub`;
  execFileSync('ssh-keygen', ['-q', '-s', ca, '-I', `${name}-id`, '-n', 'alice', `${key}.pub`], { stdio: 'ignore' });
  return readFileSync(cert, 'utf8');
}

/** The key `name` converted by puttygen: a PuTTY private key (PPK 2 or 3), an ssh.com private key, or an RFC 4716 public key. */
export function puttygen(name: string, args: string[], output: 'ppk2' | 'ppk3' | 'ppk3-encrypted' | 'sshcom' | 'rfc4716'): string {
  const key = keygen(name, args);
  const out = `${key}.${output}`;
  const passphrase = path.join(dir, output === 'ppk3-encrypted' ? 'passphrase' : 'empty');
  writeFileSync(passphrase, output === 'ppk3-encrypted' ? 'secret\n' : '');
  const format = output.startsWith('ppk')
    ? ['-O', 'private', '--ppk-param', `version=${output === 'ppk2' ? 2 : 3}`]
    : output === 'sshcom'
      ? ['-O', 'private-sshcom']
      : ['-O', 'public'];
  execFileSync('puttygen', [key, ...format, '--new-passphrase', passphrase, '-o', out], { stdio: 'ignore' });
  return readFileSync(out, 'utf8');
}

/** An SSH-1 (protocol 1) RSA private key, binary, as puttygen writes it. */
export function ssh1Key(encrypted: boolean): Buffer {
  const out = path.join(dir, `rsa1-${encrypted ? 'encrypted' : 'plain'}`);
  const passphrase = path.join(dir, encrypted ? 'passphrase' : 'empty');
  writeFileSync(passphrase, encrypted ? 'secret\n' : '');
  execFileSync('puttygen', ['-t', 'rsa1', '-b', '1024', '--new-passphrase', passphrase, '-o', out], { stdio: 'ignore' });
  return readFileSync(out);
}

/** The folder the keys are made in (for tests that lint files by path). */
export const KEY_DIR = dir;
