import type { SourceDescriptor } from '../source';

export const logDescriptor: SourceDescriptor = {
  kind: 'log',
  factNames: { file: ['lineCount'] },
  queryNames: ['matchCount', 'firstMatch'],
};
