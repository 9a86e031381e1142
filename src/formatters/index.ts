import type { RuleInfo } from '../model/rule-info';
import type { LintReport } from '../model/report';
import { palette } from './color';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';
import { lazy } from '../util/memo';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatOptions {
  color?: boolean;
  /** For SARIF: the rules of the run (every one gets a rules[] entry) and the folder URIs are relative to. */
  rules?: readonly RuleInfo[];
  cwd?: string;
}

const packageJson = lazy(() => require('../../package.json') as { version: string; homepage?: string });

function packageInfo(): { version: string; homepage: string } {
  const pkg = packageJson();
  return { version: pkg.version, homepage: pkg.homepage ?? 'https://www.npmjs.com/package/bitbucket-mirror-lint' };
}

/** Renders a report; every output goes through here, so adding a format touches one table. */
export function formatReport(report: LintReport, format: FormatName, options: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'stylish':
      return formatStylish(report, palette(options.color === true));
    case 'github':
      return formatGithub(report);
    case 'junit':
      return formatJunit(report);
    case 'sarif': {
      const { version, homepage } = packageInfo();
      return formatSarif(report, { rules: options.rules ?? [], version, informationUri: homepage, cwd: options.cwd ?? process.cwd() });
    }
  }
}
