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

import { mangled, valid } from '../support/fuzz-inputs';

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
