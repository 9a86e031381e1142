/** The official SARIF 2.1.0 schema, for every test that makes SARIF to check it against. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');
let validate: ValidateFunction | undefined;

/** The schema's complaints about `log` (an empty list when it is valid). */
export function sarifSchemaErrors(log: unknown): unknown[] {
  if (!validate) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  return validate(log) ? [] : [...(validate.errors ?? [])];
}
