/** The output formats, one registry: a name to a formatter, each taking the report and the run's rules. */
import type { LintReport } from '../model/report';
import type { RuleInfo } from '../model/rule-info';
import { lazy } from '../util/memo';
import type { Formatter } from './formatter';
import { formatGithub } from './github';
import { formatHtml } from './html';
import { formatPrometheus } from './prometheus';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';

export type { FormatContext, Formatter } from './formatter';

const FORMATTERS = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  html: formatHtml,
  prometheus: formatPrometheus,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
export const FORMATS = Object.keys(FORMATTERS) as FormatName[];

export interface FormatOptions {
  color?: boolean;
  /** The rules of the run: SARIF lists every one (a rules[] entry each). */
  rules?: readonly RuleInfo[];
  /** The folder relative file names are relative to (default: the working directory). */
  cwd?: string;
  /** The run's clock, for the html format's timeline (default: now). */
  now?: Date | string;
}

const packageJson = lazy(() => require('../../package.json') as { name: string; version: string; homepage?: string });

/** Renders a report in a format; adding a format is one entry in FORMATTERS. */
export function formatReport(report: LintReport, format: FormatName, options: FormatOptions = {}): string {
  const { name, version, homepage } = packageJson();
  return FORMATTERS[format](report, {
    rules: options.rules ?? [],
    color: options.color === true,
    cwd: options.cwd ?? process.cwd(),
    now: options.now === undefined ? new Date() : new Date(options.now),
    tool: { name, version, informationUri: homepage ?? 'https://www.npmjs.com/package/bitbucket-mirror-lint' },
  });
}
