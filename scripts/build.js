#!/usr/bin/env node
'use strict';
// Builds dist/: CommonJS from tsc, plus a thin ESM entry that re-exports it, so `import` and
// `require` share one module instance (no dual-package hazard) and one set of types.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});

// Validate the built-in rules once here (a bad rule file fails the build) and record their hashes,
// so a run trusts exactly these bytes instead of validating them again at every start.
{
  const { loadRules, BUILT_IN_RULES_DIR, VALIDATED_RULES_FILE, ruleFileHash } = require(path.join(dist, 'engine', 'load-rules.js'));
  const { allDescriptors } = require(path.join(dist, 'sources', 'registry.js'));
  const rules = loadRules([BUILT_IN_RULES_DIR], allDescriptors(), { trustValidated: false });
  const sha256 = rules.map((rule) => ruleFileHash(fs.readFileSync(rule.path, 'utf8'))).sort();
  fs.writeFileSync(VALIDATED_RULES_FILE, `${JSON.stringify({ sha256 }, null, 1)}\n`);
}

const api = require(path.join(dist, 'index.js'));
const names = Object.keys(api)
  .filter((name) => name !== 'default' && name !== '__esModule')
  .sort();
const esm = ["import api from './index.js';", ...names.map((name) => `export const ${name} = api.${name};`), ''].join('\n');
fs.writeFileSync(path.join(dist, 'index.mjs'), esm);
fs.writeFileSync(path.join(dist, 'index.d.mts'), "export * from './index.js';\n");

// The JSON Schemas of rule files and the config file, so editors validate and complete them.
// zod-to-json-schema is a development dependency: an install from the registry (no dev
// dependencies) uses the schema/ files the package ships instead of regenerating them.
let schemas;
try {
  schemas = require('./json-schemas');
} catch {
  schemas = undefined;
}
if (schemas) {
  const { ruleFileSchema } = require(path.join(dist, 'engine', 'rule-schema.js'));
  const { configSchema } = require(path.join(dist, 'config', 'schema.js'));
  fs.mkdirSync(path.join(root, 'schema'), { recursive: true });
  fs.writeFileSync(path.join(root, 'schema', 'rule.schema.json'), `${JSON.stringify(schemas.ruleSchemaJson(ruleFileSchema), null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'schema', 'config.schema.json'), `${JSON.stringify(schemas.configSchemaJson(configSchema), null, 2)}\n`);
}

// The rule docs, generated from the rule files.

const { listRules } = require(path.join(dist, 'engine', 'rule-info.js'));
const { renderRuleDoc, renderRuleIndex, withRulesTable } = require(path.join(dist, 'engine', 'rule-docs.js'));
const docs = path.join(root, 'docs', 'rules');
fs.rmSync(docs, { recursive: true, force: true });
const rules = listRules();
for (const rule of rules) {
  const file = path.join(docs, `${rule.id}.md`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderRuleDoc(rule));
}
fs.writeFileSync(path.join(docs, 'README.md'), renderRuleIndex(rules));
// The README's rules table, between its markers (a test checks it is current).
const readme = path.join(root, 'README.md');
const current = fs.readFileSync(readme, 'utf8');
const updated = withRulesTable(current, rules);
if (updated !== current) fs.writeFileSync(readme, updated);

// The VS Code extension (editors/vscode): compiled and so type-checked against the vscode API and
// vscode-languageclient, which are development dependencies; an install without them skips it.
let languageClient;
try {
  languageClient = require.resolve('vscode-languageclient/node');
} catch {
  languageClient = undefined;
}
if (languageClient) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'editors', 'vscode', 'tsconfig.json')], {
    stdio: 'inherit',
  });
}

// The CLI as one file: resolving and compiling ~150 modules was a fifth of a cold start (158 ms ->
// 139 ms on the typical repository, node -e 0 at 59 ms). Modules stay lazy inside the bundle
// (esbuild evaluates a bundled module at its first require), and paths relative to __dirname still
// hold because the bundle sits in dist/cli/ like the modules it replaces. The library entry
// (dist/index.js) and the worker threads load the separate modules. esbuild-wasm, not esbuild:
// no per-platform optional packages, which npm 11 mishandles in lock files (see README). Without
// it (an install without dev dependencies) bin/ falls back to dist/cli/main.js.
let esbuild;
try {
  esbuild = require('esbuild-wasm');
} catch {
  esbuild = undefined;
}
if (esbuild) {
  esbuild
    .build({
      entryPoints: [path.join(dist, 'cli', 'main.js')],
      outfile: path.join(dist, 'cli', 'main.bundle.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      // The language server stays out of the bundle: its 430 kB (mostly vscode-languageserver) would
      // be parsed by every lint run (8 ms of a cold start). `lsp` requires it from dist/lsp/ instead.
      plugins: [
        {
          name: 'language-server-apart',
          setup(build) {
            build.onResolve({ filter: /(^|\/)lsp\/server$/ }, () => ({ path: '../lsp/server', external: true }));
            build.onResolve({ filter: /^vscode-languageserver/ }, (args) => ({ path: args.path, external: true }));
          },
        },
      ],
    })
    .catch((error) => {
      process.stderr.write(`bundling the CLI failed: ${error.message}\n`);
      process.exitCode = 1;
    });
}
