import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pemSource } from '../../src/sources/pem';
import { ROOT } from '../support/cli';

const PKI = path.join(ROOT, 'fixtures', 'pki');

describe('pem source: one reading per distinct certificate, facts per file', () => {
  it('the same intermediate is the second certificate of one file and the only one of another', () => {
    const bundle = pemSource.parse(readFileSync(path.join(PKI, 'mirror-chain.pem')), 'a/mirror.pem');
    const alone = pemSource.parse(readFileSync(path.join(PKI, 'intermediate.pem')), 'b/intermediate.pem');
    const certs = (p: typeof bundle) => p.items.filter((i) => i.scope === 'certificate').map((i) => i.facts);
    const inBundle = certs(bundle)[1];
    const [single] = certs(alone);
    expect(inBundle?.['fingerprint256']).toBe(single?.['fingerprint256']);
    expect(inBundle?.['index']).toBe(1);
    expect(inBundle?.['line']).toBeGreaterThan(1);
    expect([single?.['index'], single?.['line']]).toEqual([0, 1]);
    expect(certs(bundle)[0]?.['issuerInFile']).toBe('next');
    // Items never share a facts object, so one file's facts cannot leak into another's.
    expect(single).not.toBe(inBundle);
  });
});
