/** What rules may ask of an SSH key file: the facts of each key, without loading the parser. */
import type { SourceDescriptor } from '../source';

export const sshKeyDescriptor: SourceDescriptor = {
  kind: 'ssh-key',
  factNames: {
    key: [
      'line',
      'writtenType',
      'blobType',
      'type',
      'algorithm',
      'bits',
      'curve',
      'fingerprint',
      'comment',
      'options',
      'parseError',
      'isPrivateKey',
      'privateKeyFormat',
      'encrypted',
      'isCertificate',
      'certificateType',
    ],
  },
  queryNames: ['earlierSameKey'],
  gateQueries: ['earlierSameKey'],
};
