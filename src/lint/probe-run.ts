/** The live probes of a run: the targets asked for, and with --probe the mirror its properties describe. */
import { UsageError } from '../model/errors';
import type * as ProbeSourceModule from '../sources/probe';
import type * as GatherModule from '../sources/probe/gather';
import type * as TargetModule from '../sources/probe/target';
import type { SharedFacts } from '../sources/source';
import { lazy } from '../util/memo';
import type { LintOptions } from './options';
import type { ReadFile } from './read';

// The network code loads only when there is something to probe.
const gather = lazy(() => require('../sources/probe/gather') as typeof GatherModule);
const target = lazy(() => require('../sources/probe/target') as typeof TargetModule);
const probeSource = lazy(() => require('../sources/probe') as typeof ProbeSourceModule);

const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** Probes every target at once and returns what each told, as files read. */
export async function probeAll(options: LintOptions, shared: readonly SharedFacts[]): Promise<ReadFile[]> {
  const targets = [...(options.probes ?? [])];
  if (options.probeFromConfig) {
    // --probe beside a config run: the mirror's public address and SSH port from its properties.
    const hints = [...shared]
      .sort(byFile)
      .map((f) => f.hints)
      .find((h) => h.baseUrl);
    if (!hints?.baseUrl)
      throw new UsageError('--probe needs the mirror address: --host, setup.baseUrl or server.proxy-name in a linted properties file');
    targets.push(
      target().parseProbeTarget(options.host ? `https://${options.host}` : hints.baseUrl, {
        ...(hints.sshPort ? { sshPort: hints.sshPort } : {}),
        ...options.probeDefaults,
      }),
    );
  }
  if (targets.length === 0) return [];
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const results = await Promise.all(targets.map((t) => gather().gatherProbe(t, { timeoutMs, lookup: options.probeLookup })));
  return results.flatMap((r) => probeSource().probeToFiles(r));
}
