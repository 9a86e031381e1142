import type { LintReport } from '../lint/report';
import { palette } from './color';
import { formatJson } from './json';
import { formatStylish } from './stylish';

export const FORMATS = ['stylish', 'json'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatOptions {
  color?: boolean;
}

/** Renders a report; every output goes through here, so adding a format touches one table. */
export function formatReport(report: LintReport, format: FormatName, options: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'stylish':
      return formatStylish(report, palette(options.color === true));
  }
}
