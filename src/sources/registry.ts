/** The registry of sources: which kind a file is, by name and first bytes, and each parser loaded on first use. */
import path from 'node:path';
import type * as LogModule from './log';
import type * as PemModule from './pem';
import type * as PropertiesModule from './properties';
import type * as SshModule from './ssh';
import { logDescriptor } from './log/descriptor';
import { pemDescriptor } from './pem/descriptor';
import { probeDescriptor } from './probe/descriptor';
import { propertiesDescriptor } from './properties/descriptor';
import type { Claim, FactSource, SourceDescriptor } from './source';
import { symptomDescriptor } from './symptom/descriptor';
import { lazy, memo } from '../util/memo';
import { sshKeyDescriptor } from './ssh/descriptor';

/**
 * The fact sources this build knows. A source's module is loaded only when a file of its kind
 * turns up, so a run that lints one properties file never loads the certificate stack.
 */
export interface SourceEntry {
  kind: string;
  descriptor: SourceDescriptor;
  /** Cheap: looks at the file name and, for "maybe", the first few KiB of text. */
  claim(fileName: string): Claim;
  sniff(head: string): boolean;
  /** Whether a file named explicitly but recognised by no content is still read as this kind (default true). */
  namedFallback?: boolean;
  load(): FactSource;
}

/**
 * Keys only Bitbucket's files hold. Spring Boot's `server.port`, a JDBC `jdbc.url` or Hazelcast's own
 * `hazelcast.*` settings appear in other applications' files, so they alone do not make a file Bitbucket's.
 */
const BITBUCKET_KEY_LINE =
  /^[ \t\f]*(application\.mode|server\.(proxy-name|proxy-port|scheme|secure|context-path|require-ssl|redirect-port|additional-connector\.\d+\.[\w.-]+)|plugin\.(mirroring|ssh|search|bitbucket-[\w-]+|auth-crowd)\.[\w.-]+|setup\.(baseUrl|displayName|license|sysadmin\.\w+)|hazelcast\.(network|group)\.[\w.]+|feature\.[\w.-]+|throttle\.resource\.[\w.-]+|jdbc\.password\.decrypter\.classname)[ \t\f]*[=:\s]/m;

// Each parser loads only when a file of its kind turns up.
const propertiesModule = lazy(() => require('./properties') as typeof PropertiesModule);
const sshKeyModule = lazy(() => require('./ssh') as typeof SshModule);
const pemModule = lazy(() => require('./pem') as typeof PemModule);
const logModule = lazy(() => require('./log') as typeof LogModule);

export const SOURCES: readonly SourceEntry[] = [
  {
    kind: 'properties',
    descriptor: propertiesDescriptor,
    claim: (fileName) => {
      const base = path.basename(fileName).toLowerCase();
      if (base === 'bitbucket.properties' || (base.startsWith('bitbucket') && base.endsWith('.properties'))) return 'yes';
      return base.endsWith('.properties') ? 'maybe' : 'no';
    },
    sniff: (head) => BITBUCKET_KEY_LINE.test(head),
    // gradle.properties or log4j.properties named by a hook is not Bitbucket's: it is not judged as if it were.
    namedFallback: false,
    load: () => propertiesModule().propertiesSource,
  },
  {
    kind: 'ssh-key',
    descriptor: sshKeyDescriptor,
    claim: (fileName) => {
      const base = path.basename(fileName);
      if (/\.(pub|ppk)$/i.test(base) || /^authorized_keys2?$/.test(base) || /^id_[A-Za-z0-9_-]+$/.test(base)) return 'yes';
      // A .cert file may hold an OpenSSH certificate or an X.509 one: the content decides.
      return hasNoExtension(base) || /\.cert$/i.test(base) ? 'maybe' : 'no';
    },
    sniff: (head) => SSH_KEY_LINE.test(head),
    load: () => sshKeyModule().sshKeySource,
  },
  {
    kind: 'pem',
    descriptor: pemDescriptor,
    claim: (fileName) =>
      /\.(pem|crt|cer|key)$/i.test(fileName)
        ? 'yes'
        : hasNoExtension(path.basename(fileName)) || /\.cert$/i.test(fileName)
          ? 'maybe'
          : 'no',
    sniff: (head) => /^-----BEGIN (?!OPENSSH PRIVATE KEY)[A-Z0-9 ]+-----/m.test(head),
    load: () => pemModule().pemSource,
  },
  {
    kind: 'log',
    descriptor: logDescriptor,
    claim: (fileName) => (/^atlassian-bitbucket[\w.-]*\.log(\.\d+)?$/.test(path.basename(fileName)) ? 'yes' : 'no'),
    sniff: () => false,
    load: () => logModule().logSource,
  },
];

/** Key files are often named without an extension (mirror_key, id_rsa); only those are sniffed. */
function hasNoExtension(base: string): boolean {
  return !/\.[A-Za-z0-9]+$/.test(base);
}

const SSH_KEY_LINE =
  /^(\S+\s+)?(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-[a-z0-9@.-]+)(-cert-v01@openssh\.com)? [A-Za-z0-9+/]{20,}|^---- BEGIN SSH2 (PUBLIC|ENCRYPTED PRIVATE) KEY ----|^-----BEGIN OPENSSH PRIVATE KEY-----|^PuTTY-User-Key-File-\d+:|^SSH PRIVATE KEY FILE FORMAT 1\.1$/m;

const loaded = new Map<string, FactSource>();

export function loadSource(entry: SourceEntry): FactSource {
  return memo(loaded, entry.kind, () => entry.load());
}

/** Kinds whose facts come from somewhere other than a file (the live probe). */
const OTHER_DESCRIPTORS: readonly SourceDescriptor[] = [probeDescriptor, symptomDescriptor];

/** Every kind's descriptor, for rule validation; loads no parser. */
export function allDescriptors(): SourceDescriptor[] {
  return [...SOURCES.map((entry) => entry.descriptor), ...OTHER_DESCRIPTORS];
}

/**
 * The kind of a file: a "yes" by name wins; a "maybe" needs the content to look the part,
 * unless the user named the file explicitly.
 */
export function detectKind(fileName: string, head: string, explicit: boolean): SourceEntry | undefined {
  const claims = SOURCES.map((entry) => ({ entry, claim: entry.claim(fileName) }));
  const sure = claims.find((c) => c.claim === 'yes');
  if (sure) return sure.entry;
  const maybes = claims.filter((c) => c.claim === 'maybe').map((c) => c.entry);
  const sniffed = maybes.find((e) => e.sniff(head));
  if (sniffed || !explicit) return sniffed;
  // Named but recognised by no content: a .cert is taken for X.509 (its usual meaning), anything else for the first claim.
  return (/\.cert$/i.test(fileName) ? maybes.find((e) => e.kind === 'pem') : undefined) ?? maybes.find((e) => e.namedFallback !== false);
}
