/** What symptom rules may ask of the text a user saw (explain). */
import type { SourceDescriptor } from '../source';

/** What a user saw (an error message, a log line, a browser message), for `explain "<text>"`. */
export const symptomDescriptor: SourceDescriptor = {
  kind: 'symptom',
  factNames: { text: ['text'] },
  queryNames: [],
};
