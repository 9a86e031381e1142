/** What rules may ask of a log: its facts and queries, without loading the scanner. */
import type { SourceDescriptor } from '../source';

export const logDescriptor: SourceDescriptor = {
  kind: 'log',
  factNames: { file: ['lineCount', 'longLineCount', 'firstLongLine', 'lineLimitKiB'] },
  queryNames: ['matchCount', 'firstMatch'],
};
