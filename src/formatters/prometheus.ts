/** The prometheus format: the text exposition format, for node_exporter's textfile collector or a scrape: findings, certificate expiry, probes. */
import type { FileResult } from '../model/report';
import type { Formatter } from './formatter';

const PREFIX = 'bitbucket_mirror_lint';

/** A label value as the exposition format writes it: backslash, double quote and line feed escaped. */
const value = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string | number | undefined>) => {
  const written = Object.entries(pairs)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}="${value(String(v))}"`);
  return written.length > 0 ? `{${written.join(',')}}` : '';
};

interface Family {
  name: string;
  help: string;
  samples: string[];
}

export const formatPrometheus: Formatter = (report, context) => {
  const families: Family[] = [];
  const family = (name: string, help: string) => {
    const made: Family = { name: `${PREFIX}_${name}`, help, samples: [] };
    families.push(made);
    return (pairs: Record<string, string | number | undefined>, sample: number) =>
      made.samples.push(`${made.name}${labels(pairs)} ${sample}`);
  };

  const info = family('info', 'The linter that wrote these metrics.');
  info({ version: context.tool.version }, 1);
  const files = family('files', 'Files and probed mirrors in the last run.');
  files({}, report.summary.files);
  const findings = family('findings', 'Findings of the last run, by file, rule and severity.');
  for (const result of report.results) {
    const counts = new Map<string, number>();
    for (const d of result.diagnostics)
      counts.set(`${d.ruleId}\u0000${d.severity}`, (counts.get(`${d.ruleId}\u0000${d.severity}`) ?? 0) + 1);
    for (const [key, n] of [...counts].sort()) {
      const [rule, severity] = key.split('\u0000');
      findings({ file: result.file, rule, severity }, n);
    }
  }

  const notAfter = family('certificate_not_after_timestamp_seconds', 'When a certificate of the run expires (notAfter), as a Unix time.');
  const notBefore = family(
    'certificate_not_before_timestamp_seconds',
    'When a certificate of the run becomes valid (notBefore), as a Unix time.',
  );
  for (const result of report.results) {
    for (const c of result.certificates ?? []) {
      const pairs = { file: result.file, subject_cn: c.subjectCN, host: c.host, position: c.position, served: c.served ? 'true' : 'false' };
      notAfter(pairs, Date.parse(c.notAfter) / 1000);
      notBefore(pairs, Date.parse(c.notBefore) / 1000);
    }
  }

  const probes = report.results.flatMap((r: FileResult) => (r.probe ? [r.probe] : []));
  const success = family('probe_success', 'Whether every step of the probe of a mirror answered (1) or not (0).');
  const duration = family('probe_duration_seconds', 'How long the probe of a mirror took.');
  const stepSuccess = family('probe_step_success', 'Whether a probe step answered (1) or not (0).');
  const stepDuration = family('probe_step_duration_seconds', 'How long a probe step took.');
  const status = family('mirror_status', "The mirror's /status state (1 for the state it reports).");
  const members = family('mirror_farm_members', "A mirror farm node's member count, from /status.");
  const discovering = family('mirror_farm_discovering', 'Whether a mirror farm node is still discovering its members (1) or not (0).');
  const upstream = family('mirror_upstream_state', "The mirror's upstream registration state (1 for the state it reports).");
  for (const p of probes) {
    success({ target: p.target }, p.success ? 1 : 0);
    duration({ target: p.target }, Number(p.durationSeconds.toFixed(6)));
    for (const s of p.steps) {
      stepSuccess({ target: p.target, step: s.name }, s.ok ? 1 : 0);
      stepDuration({ target: p.target, step: s.name }, Number(s.seconds.toFixed(6)));
    }
    if (p.statusState !== undefined) status({ target: p.target, state: p.statusState }, 1);
    if (p.memberCount !== undefined) members({ target: p.target }, p.memberCount);
    if (p.discovering !== undefined) discovering({ target: p.target }, p.discovering ? 1 : 0);
    if (p.upstreamState !== undefined) upstream({ target: p.target, state: p.upstreamState }, 1);
  }

  return `${families
    .filter((f) => f.samples.length > 0)
    .map((f) => [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} gauge`, ...f.samples].join('\n'))
    .join('\n')}\n`;
};
