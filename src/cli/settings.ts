/** A run's settings: the command's flags over the config file's, as lint() takes them. */
import path from 'node:path';
import { loadConfig } from '../config/load';
import type { FailOn } from '../model/fail-on';
import type { LintOptions } from '../lint/lint';
import type { ProbeTarget } from '../sources/probe/target';
import type { CliIo } from './io';
import type { CliOptions } from './options';

export interface RunSettings {
  configPath: string | undefined;
  lint: LintOptions;
  failOn: FailOn;
}

/** The probe flags a command was given, as probe target fields. */
export function probeOverrides(options: CliOptions): Partial<ProbeTarget> {
  return {
    ...(options.sshPort ? { sshPort: options.sshPort } : {}),
    ...(options.httpPort ? { httpPort: options.httpPort } : {}),
    ...(options.serverPort ? { serverPort: options.serverPort } : {}),
    ...(options.connectTo
      ? {
          connectTo: options.connectTo
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        }
      : {}),
  };
}

/** Flags override the config file; the config's paths are already absolute, the flags' are made so. */
export function runSettings(options: CliOptions, io: CliIo): RunSettings {
  const { path: configPath, config } = loadConfig(io.cwd, options.config);
  const lint: LintOptions = {
    cwd: io.cwd,
    host: options.host ?? config.host,
    now: options.now,
    target: options.target ?? config.target,
    role: options.role ?? config.role,
    // --role speaks for every file, over the config's per-path roles too.
    roleOverrides: options.role ? undefined : config.overrides,
    bitbucketVersion: options.bitbucketVersion ?? config.bitbucketVersion,
    ca: options.ca?.length ? options.ca.map((c) => path.resolve(io.cwd, c)) : config.ca,
    ruleDirs: config.ruleDirs,
    rules: config.rules,
    ignore: config.ignore,
    ignoreBase: configPath ? path.dirname(configPath) : undefined,
    inlineConfig: options.inlineConfig,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    probeTimeoutMs: options.timeout !== undefined ? options.timeout * 1000 : undefined,
    probeConcurrency: options.probeConcurrency,
    maxFileBytes: options.maxFileSize !== undefined ? Math.floor(options.maxFileSize * 1024 * 1024) : undefined,
    shard: options.shard,
    concurrency: options.concurrency,
    cache: options.cache ? (options.cacheLocation ?? '.bitbucket-mirror-lint-cache') : undefined,
    probeFromConfig: options.probe,
    probeDefaults: probeOverrides(options),
  };
  return { configPath, lint, failOn: options.failOn ?? config.failOn ?? 'error' };
}

/** --print-config: what the run would use, as JSON. */
export function printConfig(settings: RunSettings, io: CliIo): void {
  const shown: Record<string, unknown> = { configFile: settings.configPath ?? null, ...settings.lint, failOn: settings.failOn };
  delete shown['cwd'];
  delete shown['ignoreBase'];
  io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
}
