/**
 * Hostile runs of one character in every input kind: each parser, rule and formatter must stay linear.
 * A regex tried from every position of a long run (`(\\*)([ \t]+)$` on 200 kB of backslashes took 32 s)
 * shows up here as seconds; linear work takes milliseconds. Full sizes: scripts/hostile.js.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatReport, lintText } from '../../src';
import { NOW } from '../support/rule-tester';

const ROOT = path.resolve(__dirname, '..', '..');
const RUN = 100_000;
/** Far above what linear work takes (tens of ms), far below what a quadratic pass over RUN takes (seconds to minutes). */
const BOUND_MS = 2500;

const cert = readFileSync(path.join(ROOT, 'fixtures/pki/mirror.crt'), 'utf8');
const CHARS = [
  '\\',
  ' ',
  '\t',
  '\f',
  '=',
  ':',
  '#',
  '!',
  '-',
  'A',
  '/',
  '+',
  '.',
  '\r',
  '\n',
  '\r\n',
  '{',
  '$',
  '%',
  '@',
  '[',
  '\u0000',
  'é',
  '\\u',
  'a=',
  '\\\n',
];

/** Where a run is put: each kind's file name and the text around the run. */
const CONTEXTS: [string, string, string, string][] = [
  ['a properties value', 'bitbucket.properties', 'application.mode=mirror\nsetup.displayName=', '\n'],
  ['a properties key', 'bitbucket.properties', 'application.mode=mirror\n', '=1\n'],
  ['a properties file', 'bitbucket.properties', '', ''],
  ['a URL value', 'bitbucket.properties', 'application.mode=mirror\nsetup.baseUrl=https://', '/x\n'],
  ['a JDBC URL', 'bitbucket.properties', 'application.mode=mirror\njdbc.url=jdbc:postgresql://', ':5432/db\n'],
  ['a public key line', 'admin.pub', 'ssh-rsa ', ' admin\n'],
  ['a key comment', 'admin.pub', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ', '\n'],
  ['a PEM body', 'mirror.pem', '-----BEGIN CERTIFICATE-----\n', '\n-----END CERTIFICATE-----\n'],
  ['text around a certificate', 'mirror.pem', '', `\n${cert}`],
  ['a log line', 'atlassian-bitbucket.log', '2026-11-24 10:00:00,000 ERROR [main] c.a.b.Mirror ', '\n'],
];

describe.each(CONTEXTS)('a run of one character in %s', (_name, file, before, after) => {
  it.each(CHARS.map((c) => [JSON.stringify(c), c]))('%s', async (_label, char) => {
    const text = before + char.repeat(Math.ceil(RUN / char.length)) + after;
    const started = performance.now();
    const result = await lintText(text, { file, now: NOW });
    // The formatters see every finding too.
    const report = { version: 1 as const, results: [result], summary: { files: 1, errors: 0, warnings: 0, infos: 0 } };
    for (const format of ['stylish', 'json', 'sarif', 'github', 'junit'] as const) formatReport(report, format, { cwd: ROOT });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  });
});
