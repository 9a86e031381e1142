/** What the language server lints: which open documents are files the linter reads, where they sit, and the options for them. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadConfig } from '../config/load';
import type { LintTextOptions } from '../lint/lint';
import { detectKind, SOURCES } from '../sources/registry';

/** Where a document is: its folder (for the config file and cross-file facts) and its name. */
export interface Place {
  folder: string;
  name: string;
  /** The kind the linter reads it as, or undefined when it reads no such file. */
  kind: string | undefined;
}

export function placeOf(doc: TextDocument): Place {
  let absolute: string;
  try {
    absolute = doc.uri.startsWith('file:') ? fileURLToPath(doc.uri) : path.join(process.cwd(), path.basename(decodeURIComponent(doc.uri)));
  } catch {
    absolute = path.join(process.cwd(), 'untitled');
  }
  const name = path.basename(absolute);
  // By name, else by the content's first lines; an unsaved buffer is judged as the file it names.
  const kind = detectKind(name, doc.getText().slice(0, 4096), false)?.kind;
  return { folder: path.dirname(absolute), name, kind };
}

/**
 * The other files of the document's folder the linter reads (by name): read for what they tell the
 * document (a certificate's chain and key, a key's duplicates), never reported.
 */
function neighbours(place: Place): string[] {
  try {
    return readdirSync(place.folder, { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name !== place.name && SOURCES.some((s) => s.claim(e.name) === 'yes'))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** The options a document is linted with: the config file found from its folder, as the CLI finds it. */
export function optionsFor(place: Place): LintTextOptions {
  let config: ReturnType<typeof loadConfig>['config'] = {};
  let configPath: string | undefined;
  try {
    ({ config, path: configPath } = loadConfig(place.folder));
  } catch {
    // A config being edited may be invalid for a moment: the built-in defaults apply meanwhile.
  }
  return {
    file: place.name,
    cwd: place.folder,
    context: neighbours(place),
    host: config.host,
    target: config.target,
    role: config.role,
    roleOverrides: config.overrides,
    bitbucketVersion: config.bitbucketVersion,
    ca: config.ca,
    ruleDirs: config.ruleDirs,
    rules: config.rules,
    ...(configPath ? { ignoreBase: path.dirname(configPath) } : {}),
  };
}
