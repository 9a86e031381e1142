import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './support/cli';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('package', () => {
  it('declares the bin, engines and a prepare build', () => {
    expect(pkg['name']).toBe('bitbucket-mirror-lint');
    expect(pkg['bin']).toEqual({ 'bitbucket-mirror-lint': './bin/bitbucket-mirror-lint.js' });
    expect(pkg['engines']).toEqual({ node: '>=20' });
    expect((pkg['scripts'] as Record<string, string>)['prepare']).toContain('build');
  });

  it('carries the licence it declares, and npm packs it', () => {
    expect(pkg['license']).toBe('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
    ) as { files: { path: string }[] }[];
    const files = packed[0]?.files.map((f) => f.path) ?? [];
    expect(files).toContain('LICENSE');
    expect(files).toContain('bin/bitbucket-mirror-lint.js');
  });

  it('ships type declarations for require and import', () => {
    for (const file of ['dist/index.d.ts', 'dist/index.d.mts', 'dist/index.js', 'dist/index.mjs']) {
      expect(existsSync(path.join(ROOT, file))).toBe(true);
    }
  });

  const script = (kind: 'cjs' | 'esm') =>
    kind === 'cjs'
      ? "const m = require('bitbucket-mirror-lint'); m.lintText('server.port=7990\\n').then(r => console.log(r.diagnostics.map(d => d.ruleId).join(',')))"
      : "import { lintText } from 'bitbucket-mirror-lint'; const r = await lintText('server.port=7990\\n'); console.log(r.diagnostics.map(d => d.ruleId).join(','))";

  it.each(['cjs', 'esm'] as const)('works through %s by its package name', (kind) => {
    // Resolve the package by name from inside itself (self-reference through "exports").
    const args = kind === 'esm' ? ['--input-type=module', '-e', script(kind)] : ['-e', script(kind)];
    const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('mirror/no-https');
  });
});

/** The modules a fresh process loaded after linting `text` as `file`, matching `pattern`. */
function loadedAfterLint(text: string, file: string, pattern: RegExp): string[] {
  const script = [
    "const m = require('bitbucket-mirror-lint');",
    `m.lintText(${JSON.stringify(text)}, { file: ${JSON.stringify(file)} }).then(() => {`,
    `  console.log(JSON.stringify(Object.keys(require.cache).filter((k) => ${pattern.toString()}.test(k))));`,
    '});',
  ].join('\n');
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
}

describe('lazy loading', () => {
  it('a properties-only run loads neither the certificate nor the SSH stack', () => {
    expect(loadedAfterLint('server.port=7990\n', 'bitbucket.properties', /sources[\\/]pem[\\/](?!descriptor)|sshpk/)).toEqual([]);
  });

  it('zod loads only to validate: a key-only run with no config file and built-in rules does not load it', () => {
    expect(loadedAfterLint('ssh-rsa AAAA x\n', 'a.pub', /node_modules[\\/]zod[\\/]/)).toEqual([]);
  });
});
