/** The html format: one self-contained page for a fleet (inline CSS and SVG, no script): a summary, a certificate-expiry timeline, the findings with their fixes. */
import type { CertificateSummary, FileResult, LintReport } from '../model/report';
import type { Severity } from '../model/diagnostic';
import type { FormatContext, Formatter } from './formatter';

const DAY = 86_400_000;

const htmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const day = (date: Date) => date.toISOString().slice(0, 10);

/** A mirror (a probed target, with its TLS chain) or a folder of files: the rows of the summary. */
function groupOf(result: FileResult): string {
  const probed = /^(https?|ssh):\/\/\S+/.exec(result.file);
  if (probed) return probed[0];
  const slash = result.file.lastIndexOf('/');
  return slash < 0 ? '.' : result.file.slice(0, slash);
}

interface Group {
  name: string;
  results: FileResult[];
}

function groups(report: LintReport): Group[] {
  const byName = new Map<string, FileResult[]>();
  for (const result of report.results) {
    const name = groupOf(result);
    byName.set(name, [...(byName.get(name) ?? []), result]);
  }
  return [...byName].map(([name, results]) => ({ name, results })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const count = (results: readonly FileResult[], severity: Severity) =>
  results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);

interface PlacedCertificate extends CertificateSummary {
  file: string;
}

function certificatesOf(results: readonly FileResult[]): PlacedCertificate[] {
  return results.flatMap((r) => (r.certificates ?? []).map((c) => ({ ...c, file: r.file })));
}

function soonest(results: readonly FileResult[], now: Date): string {
  const served = certificatesOf(results).filter((c) => c.served);
  if (served.length === 0) return '—';
  const first = served.reduce((a, b) => (Date.parse(a.notAfter) <= Date.parse(b.notAfter) ? a : b));
  const days = Math.floor((Date.parse(first.notAfter) - now.getTime()) / DAY);
  return `${day(new Date(first.notAfter))} (${days < 0 ? `expired ${-days} days ago` : `in ${days} days`})`;
}

function probeState(results: readonly FileResult[]): string {
  const probe = results.find((r) => r.probe)?.probe;
  if (!probe) return '—';
  const state = probe.statusState ?? (probe.success ? 'answered' : 'no answer');
  return `${state}${probe.memberCount !== undefined ? `, ${probe.memberCount} nodes` : ''}`;
}

function summary(all: readonly Group[], now: Date): string {
  const rows = all.map((g) => {
    const errors = count(g.results, 'error');
    const warnings = count(g.results, 'warning');
    return `<tr><th scope="row"><a href="#${anchor(g.name)}">${htmlText(g.name)}</a></th><td>${g.results.length}</td><td class="${errors ? 'error' : ''}">${errors}</td><td class="${warnings ? 'warning' : ''}">${warnings}</td><td>${htmlText(soonest(g.results, now))}</td><td>${htmlText(probeState(g.results))}</td></tr>`;
  });
  return `<table class="summary"><caption>Summary</caption><thead><tr><th scope="col">mirror or folder</th><th scope="col">files</th><th scope="col">errors</th><th scope="col">warnings</th><th scope="col">soonest certificate expiry</th><th scope="col">probe</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const anchor = (name: string) => `g-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** The expiry timeline: every certificate of the run as a bar on a time axis, today marked, the expires-soon window shaded. */
export function timeline(certificates: readonly PlacedCertificate[], now: Date, soonDays: number): string {
  if (certificates.length === 0) return '<p>No certificates in this run.</p>';
  const rows = [...certificates].sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter));
  const start = Math.min(now.getTime() - 180 * DAY, ...rows.map((c) => Date.parse(c.notAfter) - 30 * DAY));
  // Far-off expiries (a private root good until 2100) would squash the rest: the axis ends within five years.
  const end = Math.min(
    now.getTime() + 5 * 365 * DAY,
    Math.max(now.getTime() + 365 * DAY, ...rows.map((c) => Date.parse(c.notAfter) + 30 * DAY)),
  );
  const label = 360;
  const width = 1000;
  const rowHeight = 22;
  const top = 30;
  const height = top + rows.length * rowHeight + 10;
  const x = (t: number) => label + ((Math.min(Math.max(t, start), end) - start) / (end - start)) * (width - label - 10);
  const parts: string[] = [];
  parts.push(
    `<rect class="soon" x="${x(now.getTime()).toFixed(1)}" y="${top - 6}" width="${(x(now.getTime() + soonDays * DAY) - x(now.getTime())).toFixed(1)}" height="${height - top}"><title>the expires-soon window: ${soonDays} days</title></rect>`,
  );
  for (let year = new Date(start).getUTCFullYear() + 1; Date.UTC(year, 0, 1) < end; year += 1) {
    const at = x(Date.UTC(year, 0, 1)).toFixed(1);
    parts.push(
      `<line class="grid" x1="${at}" x2="${at}" y1="${top - 10}" y2="${height}"/><text class="axis" x="${at}" y="${top - 14}">${year}</text>`,
    );
  }
  rows.forEach((c, i) => {
    const y = top + i * rowHeight;
    const left = Date.parse(c.notAfter);
    const state = left <= now.getTime() ? 'expired' : left - now.getTime() <= soonDays * DAY ? 'expiring' : 'valid';
    const name = `${c.host ? `${c.host} — ` : ''}${c.file}${c.subjectCN ? ` (${c.subjectCN})` : ''}`;
    const shown = name.length > 60 ? `…${name.slice(-59)}` : name;
    parts.push(
      `<text class="label" x="${label - 8}" y="${y + 14}">${htmlText(shown)}</text>` +
        `<rect class="bar ${state}" x="${x(Date.parse(c.notBefore)).toFixed(1)}" y="${y + 3}" width="${Math.max(2, x(left) - x(Date.parse(c.notBefore))).toFixed(1)}" height="${rowHeight - 6}">` +
        `<title>${htmlText(`${name}: ${state}, valid ${day(new Date(c.notBefore))} to ${day(new Date(c.notAfter))}`)}</title></rect>`,
    );
  });
  const today = x(now.getTime()).toFixed(1);
  parts.push(
    `<line class="today" x1="${today}" x2="${today}" y1="${top - 10}" y2="${height}"/><text class="axis today-label" x="${today}" y="${height}">today ${day(now)}</text>`,
  );
  return `<svg class="timeline" role="img" aria-label="certificate expiry timeline" viewBox="0 0 ${width} ${height + 14}" width="${width}" height="${height + 14}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function findings(all: readonly Group[], context: FormatContext): string {
  const docs = new Map(context.rules.map((r) => [r.id, r.docUrl]));
  return all
    .map((g) => {
      const files = g.results
        .filter((r) => r.diagnostics.length > 0)
        .map((r) => {
          const items = r.diagnostics.map((d) => {
            const rule = docs.get(d.ruleId)
              ? `<a href="${htmlText(docs.get(d.ruleId) ?? '')}">${htmlText(d.ruleId)}</a>`
              : htmlText(d.ruleId);
            const fix = d.fix.length > 0 ? `<ol class="fix">${d.fix.map((step) => `<li>${htmlText(step)}</li>`).join('')}</ol>` : '';
            return `<li class="finding"><span class="badge ${d.severity}">${d.severity}</span> <span class="where">${d.line}:${d.column}</span> ${htmlText(d.message)} <span class="rule">${rule}</span>${fix}</li>`;
          });
          return `<h3>${htmlText(r.file)}</h3><ul>${items.join('')}</ul>`;
        });
      const body = files.length > 0 ? files.join('') : '<p class="clean">No findings.</p>';
      return `<section id="${anchor(g.name)}"><h2>${htmlText(g.name)}</h2>${body}</section>`;
    })
    .join('');
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#1b1f24;max-width:1100px}
h1{font-size:1.6em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}h3{font-size:1em;font-family:ui-monospace,monospace}
table.summary{border-collapse:collapse;width:100%}table.summary th,table.summary td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left}
caption{text-align:left;font-weight:600;padding:.3em 0}td.error{color:#b00020;font-weight:600}td.warning{color:#9a6700;font-weight:600}
.badge{display:inline-block;padding:0 .4em;border-radius:3px;font-size:.85em;color:#fff}.badge.error{background:#b00020}.badge.warning{background:#9a6700}.badge.info{background:#0969da}
.where,.rule{font-family:ui-monospace,monospace;color:#57606a}.fix{color:#3d444d;margin:.2em 0 .6em}.finding{margin:.4em 0;list-style:none}
svg.timeline{max-width:100%;height:auto;border:1px solid #d0d7de}.bar.valid{fill:#2e7d32}.bar.expiring{fill:#f9a825}.bar.expired{fill:#c62828}
.soon{fill:#fff3cd}.today{stroke:#0969da;stroke-width:2}.grid{stroke:#eaeef2}.axis{font-size:11px;fill:#57606a}.label{font-size:11px;text-anchor:end;fill:#1b1f24}
.legend .swatch{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 .8em;vertical-align:middle}
@media print{body{margin:0}a{color:inherit;text-decoration:none}section{break-inside:avoid-page}}`;

export const formatHtml: Formatter = (report, context) => {
  const now = context.now;
  const all = groups(report);
  const soonDays = Number(context.rules.find((r) => r.id === 'cert/expires-soon')?.options['days']?.default ?? 30);
  const { errors, warnings, infos } = report.summary;
  const swatch = (color: string, text: string) => `<span class="swatch" style="background:${color}">&nbsp;</span>${text}`;
  const legend = `<p class="legend">${swatch('#c62828', 'expired')} ${swatch('#f9a825', `expiring within ${soonDays} days (shaded)`)} ${swatch('#2e7d32', 'valid')}; the blue line is today</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bitbucket-mirror-lint report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>bitbucket-mirror-lint report</h1>
<p>${report.summary.files} files and mirrors, ${errors} errors, ${warnings} warnings, ${infos} infos, as of ${htmlText(now.toISOString())} (${htmlText(context.tool.name)} ${htmlText(context.tool.version)}).</p>
${summary(all, now)}
<h2>Certificate expiry</h2>
${legend}
${timeline(certificatesOf(report.results), now, soonDays)}
<h2>Findings</h2>
${findings(all, context)}
</body>
</html>
`;
};
