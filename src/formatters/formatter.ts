/** The one signature every output format has: the report and what the run knows around it, in; the text to print, out. */
import type { LintReport } from '../model/report';
import type { RuleInfo } from '../model/rule-info';

export interface FormatContext {
  /** Every rule of the run (SARIF lists them all; other formats may name or link them). */
  rules: readonly RuleInfo[];
  /** Colours for a terminal. */
  color: boolean;
  /** The folder the report's relative file names are relative to. */
  cwd: string;
  tool: { name: string; version: string; informationUri: string };
  /** The run's clock (--now): today on the expiry timeline. */
  now: Date;
}

export type Formatter = (report: LintReport, context: FormatContext) => string;
