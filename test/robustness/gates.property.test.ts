import fc from 'fast-check';
import { lintText } from '../../src';
import { KNOWN_KEYS } from '../../src/knowledge/catalogue';
import { NOW } from '../support/rule-tester';

/**
 * Gates skip rules before json-rules-engine runs; they must never change a finding. Random
 * properties files made of catalogued keys (and look-alikes) with values picked to hit both sides of
 * the rules' conditions are linted twice, gated and with every gate forced open.
 */
const RUNS = Number(process.env['FC_RUNS'] ?? 150);
const SEED = Number(process.env['FC_SEED'] ?? 20261124);

const VALUES = [
  '',
  ' ',
  'true',
  'false',
  'TRUE',
  'mirror',
  'default',
  '7990',
  '7999',
  '5701',
  '443',
  '8443',
  '0',
  '70000',
  '-1',
  'https',
  'http',
  'https://mirror.example.com',
  'http://mirror.example.com',
  'https://mirror.example.com/bitbucket',
  'https://bitbucket.org',
  'https://upstream.example.com',
  'mirror.example.com',
  'MIRROR.example.com',
  'https://x/',
  '/bitbucket',
  'bitbucket/',
  ' /ctx/ ',
  'TLSv1',
  'TLSv1.1',
  'TLSv1.2',
  'TLSv1,TLSv1.2',
  '/etc/keystore.jks',
  'changeit',
  'not a url',
  'éé',
  '\\u00e9',
  'a\\',
  '${BITBUCKET_HOME}',
];
const KEYS = [
  ...KNOWN_KEYS,
  'SERVER_PORT',
  'PLUGIN_SSH_PORT',
  'server.prot',
  'setup.baseurl',
  'jdbc.password',
  'server.additional-connector.1.port',
];

const propertiesFile = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), fc.constantFrom('=', ': ', ' ')), { minLength: 0, maxLength: 30 })
  .map((lines) => lines.map(([key, value, sep]) => `${key}${sep}${value}`).join('\n'));

const options = fc.record({
  host: fc.constantFrom(undefined, 'mirror.example.com', 'other.example.com'),
  target: fc.constantFrom('cloud' as const, 'datacenter' as const),
});

async function findings(text: string, opts: { host?: string; target: 'cloud' | 'datacenter' }, gates = true) {
  const result = await lintText(text, { file: 'bitbucket.properties', now: NOW, gates, ...opts });
  return result.diagnostics;
}

describe('gates never change a finding', () => {
  it('random properties files: gated and ungated runs agree', async () => {
    let fired = 0;
    await fc.assert(
      fc.asyncProperty(propertiesFile, options, async (text, opts) => {
        const gated = await findings(text, opts);
        expect(await findings(text, opts, false)).toEqual(gated);
        fired += gated.length;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The inputs reach the rules: many findings across the cases, so agreement is not trivial.
    expect(fired).toBeGreaterThan(RUNS);
  });
});
