import type { SourceDescriptor } from '../source';

export const sshKeyDescriptor: SourceDescriptor = {
  kind: 'ssh-key',
  factNames: {
    key: ['line', 'writtenType', 'blobType', 'algorithm', 'bits', 'curve', 'fingerprint', 'comment', 'options', 'parseError', 'isPrivateKey'],
  },
  queryNames: ['earlierSameKey'],
  gateQueries: ['earlierSameKey'],
};
