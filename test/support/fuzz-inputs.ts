/** The robustness tests' inputs: valid files of every kind, and those files cut short, bit-flipped or spliced with junk. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

const ROOT = path.resolve(__dirname, '..', '..');
const fixture = (p: string) => readFileSync(path.join(ROOT, p));
export const valid = {
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
export function mangled(samples: readonly Buffer[]): fc.Arbitrary<Uint8Array> {
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
