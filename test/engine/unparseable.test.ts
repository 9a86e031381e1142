// The only error properties-file throws is a malformed \u escape, which the source locates and
// recovers from. If a future version throws something else, the file must still get a diagnostic.
jest.mock('properties-file/parser', () => ({
  Properties: class {
    constructor() {
      throw new Error('unexpected parser failure');
    }
  },
}));

import { lintText } from '../../src';

describe('properties/unparseable', () => {
  it('turns an unexpected parser failure into a diagnostic instead of a crash', async () => {
    const result = await lintText('server.port=7990\n');
    expect(result.diagnostics.filter((d) => d.ruleId === 'properties/unparseable')).toMatchObject([
      { line: 1, severity: 'error', message: 'Java cannot load this file: unexpected parser failure' },
    ]);
  });
});
