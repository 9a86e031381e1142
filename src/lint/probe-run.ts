/** The live probes of a run: the targets asked for, and with --probe the mirror its properties describe. */
import { UsageError } from '../model/errors';
import type * as ProbeSourceModule from '../sources/probe';
import type * as GatherModule from '../sources/probe/gather';
import type * as TargetModule from '../sources/probe/target';
import type { SharedFacts } from '../sources/source';
import { lazy } from '../util/memo';
import type { LintOptions } from './options';
import { mapBounded, type ReadFile } from './read';

// The network code loads only when there is something to probe.
const gather = lazy(() => require('../sources/probe/gather') as typeof GatherModule);
const target = lazy(() => require('../sources/probe/target') as typeof TargetModule);
const probeSource = lazy(() => require('../sources/probe') as typeof ProbeSourceModule);

const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** Probes run at once by default: enough for a fleet, few enough for one machine's sockets. */
export const DEFAULT_PROBE_CONCURRENCY = 8;

/**
 * --probe beside a config run: each mirror the linted properties files describe (a fleet folder holds
 * several), by its public address and SSH port, once each; --host names the one mirror instead.
 */
function targetsFromConfig(options: LintOptions, shared: readonly SharedFacts[]): TargetModule.ProbeTarget[] {
  const described = [...shared].sort(byFile).flatMap((f) => (f.hints.baseUrl ? [f.hints] : []));
  if (described.length === 0 && !options.host) {
    throw new UsageError('--probe needs the mirror address: --host, setup.baseUrl or server.proxy-name in a linted properties file');
  }
  const seen = new Set<string>();
  const targets: TargetModule.ProbeTarget[] = [];
  for (const hints of options.host ? [{ baseUrl: `https://${options.host}`, sshPort: described[0]?.sshPort }] : described) {
    const probeTarget = target().parseProbeTarget(hints.baseUrl ?? '', {
      ...(hints.sshPort ? { sshPort: hints.sshPort } : {}),
      ...options.probeDefaults,
    });
    const key = `${probeTarget.host}:${probeTarget.httpsPort}${probeTarget.contextPath}`;
    if (!seen.has(key)) targets.push(probeTarget);
    seen.add(key);
  }
  return targets;
}

/** Probes every target, at most `probeConcurrency` at once, each step under its own deadline; what each told, as files read. */
export async function probeAll(options: LintOptions, shared: readonly SharedFacts[]): Promise<ReadFile[]> {
  const targets = [...(options.probes ?? []), ...(options.probeFromConfig ? targetsFromConfig(options, shared) : [])];
  if (targets.length === 0) return [];
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const results = await mapBounded(targets, options.probeConcurrency ?? DEFAULT_PROBE_CONCURRENCY, (t) =>
    gather().gatherProbe(t, { timeoutMs, lookup: options.probeLookup }),
  );
  return results.flatMap((r) => probeSource().probeToFiles(r));
}
