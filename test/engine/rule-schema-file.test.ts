import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema } from '../../src/config/schema';
import { ruleFileSchema } from '../../src/engine/rule-schema';
import { ROOT } from '../support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ruleSchemaJson, configSchemaJson } = require('../../scripts/json-schemas') as {
  ruleSchemaJson(schema: unknown): unknown;
  configSchemaJson(schema: unknown): unknown;
};

describe('schema/*.schema.json (run npm run build to refresh them)', () => {
  it.each([
    ['rule.schema.json', () => ruleSchemaJson(ruleFileSchema)],
    ['config.schema.json', () => configSchemaJson(configSchema)],
  ])('%s is the JSON Schema of the current zod schema', (file, generate) => {
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema', file), 'utf8')) as unknown;
    expect(committed).toEqual(generate());
  });
});
