import { runRule } from '../support/rule-tester';

const KEYS = 'fixtures/pki/private-keys';

runRule('key/unparseable', {
  valid: [{ paths: [`${KEYS}/pkcs8-rsa.key`, `${KEYS}/pkcs1-rsa.key`, `${KEYS}/sec1-ec.key`, `${KEYS}/openssh-ed25519.key`] }],
  invalid: [
    {
      name: 'corrupt body',
      code: '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n',
      options: { file: 'mirror.key' },
      errors: [{ line: 1, severity: 'error', messageContains: 'This private key cannot be read' }],
    },
    { name: 'empty .key file', code: '', options: { file: 'mirror.key' }, errors: [{ line: 1, messageContains: 'no PEM block' }] },
    { name: 'bad base64', code: '-----BEGIN EC PRIVATE KEY-----\n%%%%\n-----END EC PRIVATE KEY-----\n', options: { file: 'mirror.key' }, errors: [{ line: 1, messageContains: 'not valid base64' }] },
  ],
});

runRule('key/unencrypted-private-key', {
  valid: [
    { name: 'PKCS#8 encrypted', paths: [`${KEYS}/pkcs8-rsa-encrypted.key`] },
    { name: 'PKCS#1 encrypted (Proc-Type)', paths: [`${KEYS}/pkcs1-rsa-encrypted.key`] },
    { name: 'OpenSSH encrypted', paths: [`${KEYS}/openssh-ed25519-encrypted.key`] },
  ],
  invalid: [
    { name: 'PKCS#8', paths: [`${KEYS}/pkcs8-rsa.key`], errors: [{ line: 1, severity: 'warning', message: 'An unencrypted rsa private key is stored in this file' }] },
    { name: 'PKCS#1', paths: [`${KEYS}/pkcs1-rsa.key`], errors: [{ line: 1 }] },
    { name: 'SEC1', paths: [`${KEYS}/sec1-ec.key`], errors: [{ line: 1, messageContains: 'ec private key' }] },
    { name: 'Ed25519', paths: [`${KEYS}/pkcs8-ed25519.key`], errors: [{ line: 1, messageContains: 'ed25519' }] },
    { name: 'OpenSSH', paths: [`${KEYS}/openssh-ed25519.key`], errors: [{ line: 1, messageContains: 'unencrypted ed25519' }] },
    { name: 'beside a certificate in one file', paths: ['fixtures/pki/self-signed.pem'], errors: [{ line: 20 }] },
  ],
});
