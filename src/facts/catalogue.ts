import type { z } from 'zod';
import { PROPERTY_TYPES, enumType, type PropertyTypeName } from './property-types';

/**
 * The Bitbucket properties this linter knows, from ../shared/reference/bitbucket-facts.md §2.
 * `confirmed: false` marks names the reference tags [UNCONFIRMED] (or Spring Boot names whose
 * support by Bitbucket is unconfirmed): they count as known, but a finding about them is never
 * an error on its own.
 */
export interface CatalogueEntry {
  /** The key as Bitbucket spells it, or a pattern for families such as additional connectors. */
  key: string;
  pattern?: RegExp;
  type: PropertyTypeName;
  values?: readonly string[];
  confirmed: boolean;
  /** Bitbucket's default when the key is absent, where the reference documents one. */
  default?: string;
  /** Where the reference found it. */
  source: string;
}

type Spec = [key: string, type: PropertyTypeName, extra?: Partial<CatalogueEntry>];

const DOC = 'bitbucket-facts §2.1';
const THIRD_PARTY = 'bitbucket-facts §2.2';
const SPRING = 'bitbucket-facts §2.3';
const RECALLED = 'bitbucket-facts §2.4';

const CONFIRMED: Spec[] = [
  ['application.mode', 'enum', { values: ['default', 'mirror'], default: 'default' }],
  ['analytics.aws.enabled', 'boolean'],
  ['attachment.upload.max.size', 'integer'],
  ['audit.details.max.length', 'integer'],
  ['audit.highest.priority.to.log', 'enum', { values: ['HIGH', 'MEDIUM', 'LOW', 'NONE'] }],
  ['audit.legacy.events.logging.forced', 'boolean'],
  ['plugin.bitbucket-audit.max.entity.rows', 'integer'],
  ['plugin.bitbucket-audit.cleanup.batch.size', 'integer'],
  ['plugin.bitbucket-audit.cleanup.run.interval', 'string'],
  ['server.port', 'port', { default: '7990' }],
  ['server.proxy-name', 'hostname'],
  ['server.proxy-port', 'port'],
  ['server.scheme', 'enum', { values: ['http', 'https'], default: 'http' }],
  ['server.secure', 'boolean', { default: 'false' }],
  ['server.forward-headers-strategy', 'enum', { values: ['NATIVE', 'NONE'] }],
  ['server.context-path', 'string'],
  ['server.require-ssl', 'boolean'],
  ['setup.baseUrl', 'url'],
  ['setup.displayName', 'string'],
  ['setup.license', 'secret'],
  ['setup.sysadmin.username', 'string'],
  ['setup.sysadmin.password', 'secret'],
  ['setup.sysadmin.displayName', 'string'],
  ['setup.sysadmin.emailAddress', 'string'],
  ['jdbc.driver', 'string'],
  ['jdbc.url', 'jdbcUrl'],
  ['jdbc.user', 'string'],
  ['jdbc.password', 'secret'],
  ['jdbc.password.decrypter.classname', 'string'],
  ['plugin.ssh.port', 'port', { default: '7999' }],
  ['plugin.ssh.baseurl', 'sshUrl'],
  ['plugin.mirroring.upstream.url', 'url'],
  // The property value for a Cloud upstream is unconfirmed, so the value is not checked.
  ['plugin.mirroring.upstream.type', 'string'],
  ['plugin.mirroring.synchronization.interval', 'duration'],
  ['plugin.mirroring.repository.diagnostics.sync.enabled', 'boolean'],
  ['plugin.mirroring.repository.diagnostics.sync.tolerance', 'duration'],
  ['plugin.mirroring.farm.max.ref.change.queue.dump.size', 'integer'],
  ['hazelcast.port', 'port'],
  ['hazelcast.group.name', 'string'],
  ['hazelcast.group.password', 'secret'],
  ['hazelcast.network.multicast', 'boolean'],
  ['hazelcast.network.aws', 'boolean'],
  ['hazelcast.network.aws.iam.role', 'string'],
  ['hazelcast.network.aws.region', 'string'],
  ['hazelcast.network.aws.tag.key', 'string'],
  ['hazelcast.network.aws.tag.value', 'string'],
  ['hazelcast.network.kubernetes', 'boolean'],
  ['plugin.search.config.baseurl', 'url'],
  ['plugin.search.elasticsearch.baseurl', 'url'],
  ['plugin.search.elasticsearch.username', 'string'],
  ['plugin.search.elasticsearch.password', 'secret'],
  ['plugin.search.elasticsearch.aws.region', 'string'],
  ['jmx.enabled', 'boolean'],
  ['logging.profiling.enabled', 'boolean'],
  ['logging.debug.enabled', 'boolean'],
];

const SEEN_IN_CONFIGS: Spec[] = [
  ['server.redirect-port', 'port'],
  ['server.ssl.enabled', 'boolean'],
  ['server.ssl.key-store', 'path'],
  ['server.ssl.key-store-password', 'secret'],
  ['server.ssl.key-password', 'secret'],
  ['server.ssl.key-alias', 'string'],
  ['server.ssl.key-store-type', 'enum', { values: ['JKS', 'PKCS12'] }],
  ['server.ssl.protocol', 'string'],
  ['plugin.bitbucket-git.path.executable', 'path'],
  ['hazelcast.network.azure', 'boolean'],
  ['hazelcast.network.azure.cluster.id', 'string'],
  ['hazelcast.network.azure.group.name', 'string'],
  ['hazelcast.network.azure.subscription.id', 'string'],
];

const SPRING_UNCONFIRMED: Spec[] = [
  ['server.ssl.key-store-provider', 'string'],
  ['server.ssl.enabled-protocols', 'string'],
  ['server.ssl.ciphers', 'string'],
  ['server.ssl.client-auth', 'enum', { values: ['none', 'want', 'need'] }],
  ['server.ssl.trust-store', 'path'],
  ['server.ssl.trust-store-password', 'secret'],
  ['server.ssl.trust-store-type', 'enum', { values: ['JKS', 'PKCS12'] }],
  ['server.ssl.trust-store-provider', 'string'],
  ['server.address', 'string'],
];

const RECALLED_UNCONFIRMED: Spec[] = [
  ['server.display-name', 'string'],
  ['server.connection-timeout', 'duration'],
  ['server.session.timeout', 'duration'],
  ['server.session.cookie.name', 'string'],
  ['feature.smart.mirrors', 'boolean'],
  ['feature.public.access', 'boolean'],
  ['plugin.ssh.auth.timeout', 'duration'],
  ['plugin.ssh.session.idle-timeout', 'duration'],
  ['plugin.ssh.nio-workers', 'integer'],
  ['plugin.search.config.username', 'string'],
  ['plugin.search.config.password', 'secret'],
  ['hazelcast.network.tcpip', 'boolean'],
  ['hazelcast.network.tcpip.members', 'string'],
];

const CONNECTOR_SUBKEYS: Spec[] = [
  ['port', 'port'],
  ['address', 'string'],
  ['secure', 'boolean'],
  ['scheme', 'enum', { values: ['http', 'https'] }],
  ['protocol', 'string'],
  ['ssl.enabled', 'boolean'],
  ['ssl.key-store', 'path'],
  ['ssl.key-store-password', 'secret'],
  ['ssl.key-password', 'secret'],
  ['ssl.key-alias', 'string'],
  ['ssl.key-store-type', 'enum', { values: ['JKS', 'PKCS12'] }],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function entries(specs: Spec[], confirmed: boolean, source: string): CatalogueEntry[] {
  return specs.map(([key, type, extra]) => ({ key, type, confirmed, source, ...extra }));
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  ...entries(CONFIRMED, true, DOC),
  ...entries(SEEN_IN_CONFIGS, true, THIRD_PARTY),
  ...entries(SPRING_UNCONFIRMED, false, SPRING),
  ...entries(RECALLED_UNCONFIRMED, false, RECALLED),
  ...CONNECTOR_SUBKEYS.map(([sub, type, extra]) => ({
    key: `server.additional-connector.N.${sub}`,
    pattern: new RegExp(`^server\\.additional-connector\\.\\d+\\.${escapeRegExp(sub)}$`),
    type,
    confirmed: true,
    source: DOC,
    ...extra,
  })),
  {
    key: 'logging.logger.<package>',
    pattern: /^logging\.logger\.[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/,
    type: 'logLevel',
    confirmed: true,
    source: DOC,
  },
  {
    key: 'plugin.mirroring.<setting>',
    pattern: /^plugin\.mirroring\.[a-z0-9.-]+$/,
    type: 'string',
    confirmed: false,
    source: RECALLED,
  },
];

const BY_KEY = new Map(CATALOGUE.filter((e) => !e.pattern).map((e) => [e.key, e]));
const PATTERNS = CATALOGUE.filter((e) => e.pattern);

/** The catalogue entry for a key as written in a file, or undefined when the key is unknown. */
export function lookupProperty(key: string): CatalogueEntry | undefined {
  return BY_KEY.get(key) ?? PATTERNS.find((e) => e.pattern?.test(key));
}

/** Literal keys, the candidates for "did you mean". */
export const KNOWN_KEYS: readonly string[] = [...BY_KEY.keys()];

const schemaCache = new Map<CatalogueEntry, z.ZodType>();

export function schemaOf(entry: CatalogueEntry): z.ZodType {
  let schema = schemaCache.get(entry);
  if (!schema) {
    schema = entry.type === 'enum' ? enumType(entry.values ?? []) : PROPERTY_TYPES[entry.type];
    schemaCache.set(entry, schema);
  }
  return schema;
}

/**
 * Docker image variables (reference §2.5): settings of the container, never properties.
 * Relaxed-binding names of catalogue keys (SERVER_PROXY_NAME) are recognised separately.
 */
export const DOCKER_ONLY_VARIABLES: readonly string[] = [
  'SEARCH_ENABLED',
  'ELASTICSEARCH_ENABLED',
  'JVM_MINIMUM_MEMORY',
  'JVM_MAXIMUM_MEMORY',
  'JVM_SUPPORT_RECOMMENDED_ARGS',
  'SET_PERMISSIONS',
  'VERBOSE_LOGS',
  'BITBUCKET_SHARED_HOME',
];

/** Spring Boot relaxed binding: `server.proxy-name` is read from `SERVER_PROXY_NAME`. */
export function environmentName(key: string): string {
  return key.replace(/[.-]/g, '_').toUpperCase();
}

const BY_ENVIRONMENT_NAME = new Map(KNOWN_KEYS.map((k) => [environmentName(k), k]));

/** The property an environment variable name stands for, if the catalogue has it. */
export function propertyForEnvironmentName(name: string): string | undefined {
  return BY_ENVIRONMENT_NAME.get(name);
}
