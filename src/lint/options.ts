/** What lint() and lintText() take: the library's options, as the README documents them. */
import type { Role, Target } from '../model/run';
import type { RuleSetting } from '../model/rule-level';
import type { Lookup } from '../sources/probe/gather';
import type { ProbeTarget } from '../sources/probe/target';

/** Threads: a number, "auto" (from 20,000 files) or "off". */
export type Concurrency = number | 'auto' | 'off';

export interface LintOptions {
  /** Folder relative paths are resolved against; default process.cwd(). */
  cwd?: string;
  /** The mirror's public host; default: from setup.baseUrl or server.proxy-name of a linted properties file. */
  host?: string;
  /** Evaluation time for every clock-dependent rule; default: now. */
  now?: Date | string;
  target?: Target;
  bitbucketVersion?: string;
  /** What the linted bitbucket.properties files configure; default: as each file says (mirror mode or mirroring settings make a mirror). */
  role?: Role;
  /** Roles by path, for fleets: `files` globs relative to `ignoreBase` (default `cwd`); the first match wins over `role`. */
  roleOverrides?: { files: string[]; role: Role }[];
  /** Extra trust anchors (PEM files of a private CA) besides Node's bundled root store. */
  ca?: string[];
  /** Extra folders of rule files, laid out like rules/ (`<group>/<name>.json`). */
  ruleDirs?: string[];
  /** Per rule id: a severity, "off", or [severity, options], as in the config file. */
  rules?: Record<string, RuleSetting>;
  /** Globs of paths never linted, relative to `ignoreBase` (default `cwd`). */
  ignore?: string[];
  ignoreBase?: string;
  /** Honour bitbucket-mirror-lint-disable comments (default true). */
  inlineConfig?: boolean;
  /** Report disable comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean;
  /** Live mirrors to probe in the same run (their findings are reported under their URL). */
  probes?: ProbeTarget[];
  /** Probes run at once (default 8): a fleet of targets is probed in batches of this many. */
  probeConcurrency?: number;
  /** Deadline of each probe step, in milliseconds (default 5000). */
  probeTimeoutMs?: number;
  /** Also probe the mirror the linted properties file describes (the CLI's --probe). */
  probeFromConfig?: boolean;
  /** Ports and addresses for that probe (--ssh-port, --connect-to, …). */
  probeDefaults?: Partial<Omit<ProbeTarget, 'host'>>;
  /** Name resolution for probes (tests inject one to stay off the network). */
  probeLookup?: Lookup;
  /** Read every file as this kind (the CLI's `logs` command reads its files as logs). */
  kind?: string;
  /** Files larger than this are reported, never read (default 32 MiB); logs are streamed and exempt. */
  maxFileBytes?: number;
  /** Told what did not stop the run but should be said (a damaged cache, rebuilt); the CLI prints it on stderr. */
  onWarning?: (message: string) => void;
  /** Called as files are read and checked (done, total), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Reuse results of unchanged files from this cache file (see cache.ts), and update it. */
  cache?: string;
  /** Lint only this shard of the files (1-based `index` of `count`), as CI fleets split a run. */
  shard?: { index: number; count: number };
  /** List every finding, past the cap of LIMITS.findingsPerRule per rule and file (--fix needs them all). */
  everyFinding?: boolean;
  /**
   * Let the gates skip the rules that cannot fire before the engine runs (default true). false sends
   * every rule to the engine: slower, with the same findings; tests use it to prove exactly that.
   */
  gates?: boolean;
  /** Files read only for what they tell the others (an editor's open file: its folder's certificates and keys); never reported. */
  context?: string[];
  /** Lint this content as the file it names instead of `paths` (lintText, --stdin); cross-file facts still come from disk. */
  memory?: { file: string; content: Uint8Array };
  /**
   * Threads (the calling one and worker threads): a number, "auto" (the default: from 20,000 files,
   * up to one per core) or "off". Results are the same, in the same order, whatever the setting.
   */
  concurrency?: Concurrency;
}
