/** Finding and reading the config file (bitbucket-mirror-lint.config.json), with its paths made absolute. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as SchemaModule from './schema';
import type { ConfigFile } from './schema';
import { ConfigError } from '../model/errors';
import { lazy } from '../util/memo';

// zod loads only when there is a config file to validate.
const schema = lazy(() => require('./schema') as typeof SchemaModule);

export { ConfigError } from '../model/errors';

export const CONFIG_FILE_NAMES = ['bitbucket-mirror-lint.config.json', '.bitbucket-mirror-lintrc.json'] as const;

export interface LoadedConfig {
  /** Absolute path of the file, or undefined when none was found. */
  path: string | undefined;
  config: ConfigFile;
}

/** The nearest config file from `cwd` up to the file-system root (ESLint's lookup). */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates a config file; relative paths in it become relative to its folder. */
export function readConfigFile(file: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code
      ? `cannot be read (${(error as NodeJS.ErrnoException).code})`
      : `is not valid JSON (${(error as Error).message})`;
    throw new ConfigError(`${file} ${reason}`);
  }
  const { configSchema } = schema();
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigError(`${file} is not a valid config:\n${problems}`);
  }
  const dir = path.dirname(file);
  const resolve = (list: string[] | undefined) => list?.map((p) => path.resolve(dir, p));
  return { ...parsed.data, ca: resolve(parsed.data.ca), ruleDirs: resolve(parsed.data.ruleDirs) };
}

/** The config given with --config, else the nearest one, else an empty config. */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  const file = explicit ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  if (!file) return { path: undefined, config: {} };
  return { path: file, config: readConfigFile(file) };
}
