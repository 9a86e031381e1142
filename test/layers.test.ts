/** The layout's promises, checked on the imports of src/: layers import only downwards, and no import cycle. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every module of src/ a file imports (type imports included), by absolute path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|require\()\s*'(\.{1,2}\/[^']+)'/g)) {
    const base = path.resolve(path.dirname(file), match[1] ?? '');
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    if (target) found.push(target);
  }
  return found;
}

const graph = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file)]));
const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0] ?? '';

/** What each layer may import besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  util: ['model'],
  knowledge: ['model', 'util'],
  sources: ['model', 'util', 'knowledge'],
  engine: ['model', 'util', 'knowledge', 'sources'],
  config: ['model', 'util'],
  lint: ['model', 'util', 'knowledge', 'sources', 'engine', 'config'],
  fix: ['model', 'util', 'knowledge', 'sources', 'engine', 'lint'],
  formatters: ['model', 'util'],
  lsp: ['model', 'util', 'knowledge', 'sources', 'engine', 'config', 'lint', 'fix'],
  cli: ['model', 'util', 'knowledge', 'sources', 'engine', 'config', 'lint', 'fix', 'formatters', 'lsp'],
  'index.ts': ['model', 'util', 'engine', 'config', 'lint', 'formatters'],
};

describe('the layers of src/', () => {
  it('import only downwards', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      const from = layerOf(file);
      for (const target of imports) {
        const to = layerOf(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) upward.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('have no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keep every source file under 300 lines, each opening with what it holds', () => {
    const problems: string[] = [];
    for (const file of graph.keys()) {
      const lines = readFileSync(file, 'utf8').split('\n');
      if (lines.length > 301) problems.push(`${path.relative(SRC, file)}: ${lines.length - 1} lines`);
      if (!/^(\/\*\*|\/\/)/.test(lines[0] ?? '')) problems.push(`${path.relative(SRC, file)}: no opening comment`);
    }
    expect(problems).toEqual([]);
  });
});
