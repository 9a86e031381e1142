import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { lintText } from '../../src';
import { logSource } from '../../src/sources/log';
import { pemSource } from '../../src/sources/pem';
import { propertiesSource } from '../../src/sources/properties';
import { sshKeySource } from '../../src/sources/ssh';
import type { FactSource } from '../../src/sources/source';
import { NOW } from '../support/rule-tester';

/**
 * Property-based tests: whatever the bytes, a parser returns facts and the pipeline returns
 * diagnostics; nothing throws and nothing hangs. CI runs a fixed seed and a bounded number of cases;
 * for a longer local run: FC_RUNS=20000 FC_SEED=<any> npx jest test/robustness
 */
const RUNS = Number(process.env['FC_RUNS'] ?? 150);
const SEED = Number(process.env['FC_SEED'] ?? 20261124);
const SETTINGS = { numRuns: RUNS, seed: SEED, endOnFailure: true };
const CASE_LIMIT_MS = 2000;

const ROOT = path.resolve(__dirname, '..', '..');
const fixture = (p: string) => readFileSync(path.join(ROOT, p));
const valid = {
  properties: [fixture('fixtures/properties/healthy-mirror.properties'), fixture('examples/mirror/bitbucket.properties')],
  ssh: ['rsa3072.pub', 'ecdsa256.pub', 'ed25519.pub', 'authorized_keys', 'rsa3072-rfc4716.pub', 'id_ed25519'].map((f) =>
    fixture(`fixtures/ssh/${f}`),
  ),
  pem: [
    ...['mirror-chain.pem', 'self-signed.pem', 'ec-mirror.crt', 'ca-leaf.crt'].map((f) => fixture(`fixtures/pki/${f}`)),
    ...readdirSync(path.join(ROOT, 'fixtures/pki/private-keys')).map((f) => fixture(`fixtures/pki/private-keys/${f}`)),
  ],
  log: [fixture('fixtures/logs/atlassian-bitbucket.log')],
};

/** Valid inputs cut short, with bits flipped, or with random bytes spliced in. */
function mangled(samples: readonly Buffer[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...samples), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([b, f]) => b.subarray(0, Math.floor(b.length * f))),
    fc
      .tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 16 }))
      .map(([b, flips]) => {
        const copy = Buffer.from(b);
        for (const [at, bit] of flips) if (copy.length > 0) copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ (1 << bit);
        return copy;
      }),
    fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([b, at, junk]) => {
      const cut = b.length === 0 ? 0 : at % b.length;
      return Buffer.concat([b.subarray(0, cut), junk, b.subarray(cut)]);
    }),
  );
}

const anyInput = (samples: readonly Buffer[]) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 4096 }),
    fc.string({ unit: 'binary', maxLength: 2048 }).map((s) => Buffer.from(s, 'utf8')),
    fc.string({ unit: 'grapheme', maxLength: 512 }).map((s) => Buffer.from(s, 'utf8')),
    mangled(samples),
  );

function timed<T>(work: () => T): T {
  const start = Date.now();
  const result = work();
  expect(Date.now() - start).toBeLessThan(CASE_LIMIT_MS);
  return result;
}

const parsers: [string, FactSource, readonly Buffer[], string][] = [
  ['properties', propertiesSource, valid.properties, 'bitbucket.properties'],
  ['ssh-key', sshKeySource, valid.ssh, 'authorized_keys'],
  ['pem', pemSource, valid.pem, 'mirror.pem'],
  ['log', logSource, valid.log, 'atlassian-bitbucket.log'],
];

describe.each(parsers)('%s parser', (_kind, source, samples, fileName) => {
  it('returns facts for any bytes and never throws', () => {
    fc.assert(
      fc.property(anyInput(samples), (bytes) => {
        const parsed = timed(() => source.parse(bytes, fileName, [{ pattern: 'Exception' }]));
        expect(Array.isArray(parsed.items)).toBe(true);
      }),
      SETTINGS,
    );
  });

  it('gives diagnostics, never an exception, through the whole pipeline', async () => {
    await fc.assert(
      fc.asyncProperty(anyInput(samples), async (bytes) => {
        const start = Date.now();
        const result = await lintText(bytes, { file: fileName, now: NOW });
        expect(Date.now() - start).toBeLessThan(CASE_LIMIT_MS);
        for (const d of result.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(typeof d.message).toBe('string');
        }
      }),
      { ...SETTINGS, numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
