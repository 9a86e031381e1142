import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listRules } from '../../src';

/** Every rule must have a table with at least one invalid and one valid case (zlint keeps a test beside each lint). */
const tables = readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(path.join(__dirname, f), 'utf8'))
  .join('\n');
const otherTests = readFileSync(path.join(__dirname, '..', 'engine', 'unparseable.test.ts'), 'utf8');

describe('rule test coverage', () => {
  it.each(listRules().map((r) => r.id))('%s has a test table', (id) => {
    const start = tables.indexOf(`runRule('${id}'`);
    expect(start).toBeGreaterThanOrEqual(0);
    const table = tables.slice(start, tables.indexOf('\nrunRule(', start + 1) >>> 0 || undefined);
    expect(table).toMatch(/valid: \[\s*\{/);
    const hasInvalid = /invalid: \[\s*\{/.test(table) || otherTests.includes(`'${id}'`);
    expect(hasInvalid).toBe(true);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  it.each(listRules().map((r) => r.id))('lists %s', (id) => {
    expect(readme).toContain(`| \`${id}\` |`);
  });
});
