import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ruleFileSchema } from '../../src/engine/rule-schema';
import { ROOT } from '../support/cli';

describe('schema/rule.schema.json', () => {
  it('is the JSON Schema of the current zod rule schema (run npm run build to refresh it)', () => {
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'rule.schema.json'), 'utf8')) as Record<string, unknown>;
    const fresh = { ...z.toJSONSchema(ruleFileSchema, { target: 'draft-7', unrepresentable: 'any' }), title: 'bitbucket-mirror-lint rule file' };
    expect(committed).toEqual(fresh);
  });
});
