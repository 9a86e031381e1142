/** The json format: the report object itself, whose shape the README documents as version 1. */
import type { Formatter } from './formatter';

export const formatJson: Formatter = (report) => `${JSON.stringify(report, null, 2)}\n`;
