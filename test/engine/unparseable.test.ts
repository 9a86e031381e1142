// The properties reader throws for no input (a malformed \u escape has a rule of its own). If a
// future change makes it throw, the file must still get a diagnostic, never a crash.
jest.mock('../../src/sources/properties/java-properties', () => {
  const fail = () => {
    throw new Error('unexpected parser failure');
  };
  return { readJavaProperties: fail, readJavaPropertiesUpTo: fail };
});

import { lintText } from '../../src';

describe('properties/unparseable', () => {
  it('turns an unexpected parser failure into a diagnostic instead of a crash', async () => {
    const result = await lintText('server.port=7990\n');
    expect(result.diagnostics.filter((d) => d.ruleId === 'properties/unparseable')).toMatchObject([
      { line: 1, severity: 'error', message: 'Java cannot load this file: unexpected parser failure' },
    ]);
  });
});
