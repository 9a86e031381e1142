/** The catalogue's data: every property Bitbucket reads that the reference names, with its type, default and source. */
import type { PropertyTypeName } from './property-types';

/**
 * `confirmed: false` marks keys the reference tags [UNCONFIRMED], keys known only from public
 * configuration files, and members of an open family: they count as known, but a finding about
 * their value is never an error on its own.
 */
export interface CatalogueEntry {
  /** The key as Bitbucket spells it, or the family's shape (`feature.<name>`). */
  key: string;
  /** For a family: what its members look like. */
  pattern?: RegExp;
  /** Set for an open family (plugins, feature flags, Spring Boot's server namespace). */
  family?: boolean;
  type: PropertyTypeName;
  values?: readonly string[];
  confirmed: boolean;
  /** Bitbucket's default when the key is absent, where the reference documents one. */
  default?: string;
  /** Where the key was found: the reference section, a documentation page or Atlassian code. */
  source: string;
}

type Spec = [key: string, type: PropertyTypeName, extra?: Partial<CatalogueEntry>];

const DOC = 'bitbucket-facts §2.1';
const THIRD_PARTY = 'bitbucket-facts §2.2';
const SPRING = 'bitbucket-facts §2.3';
const RECALLED = 'bitbucket-facts §2.4';
/** Keys set in public bitbucket.properties files (issue #11) and named on Bitbucket's configuration properties page, recalled rather than re-read here. */
const CONFIG_PAGE = 'Bitbucket configuration properties page (https://confluence.atlassian.com/bitbucketserver/configuration-properties-776640155.html; recalled, not re-read here), set in public bitbucket.properties files';
const SPRING_BOOT = 'Spring Boot common application properties, server.* (https://docs.spring.io/spring-boot/appendix/application-properties/index.html#appendix.application-properties.server); Bitbucket runs on Spring Boot (bitbucket-facts §1)';
const SECRETS = "Bitbucket's encrypted properties (the cipher class for encrypted values), set in public bitbucket.properties files; the page was not read here";

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

/** Named on the configuration properties page and seen in public files; types from the page's descriptions. */
const CONFIG_PAGE_KEYS: Spec[] = [
  ['auth.remember-me.enabled', 'string'],
  ['plugin.auth-crowd.sso.enabled', 'boolean'],
  ['plugin.search.config.aws.region', 'string'],
  ['server.busy.on.ticket.rejected.within', 'integer'],
  ['server.busy.on.queue.time', 'integer'],
  ['throttle.resource.scm-command', 'integer'],
  ['throttle.resource.scm-command.timeout', 'integer'],
  ['throttle.resource.scm-hosting', 'integer'],
  ['throttle.resource.scm-hosting.timeout', 'integer'],
  ['throttle.resource.scm-hosting.strategy', 'enum', { values: ['adaptive', 'fixed'] }],
  ['throttle.resource.scm-hosting.fixed.limit', 'integer'],
  ['throttle.resource.scm-hosting.adaptive.limit.min', 'integer'],
  ['throttle.resource.scm-hosting.adaptive.limit.max', 'integer'],
  ['throttle.resource.scm-hosting.adaptive.target.cpu', 'integer'],
  ['throttle.resource.git-lfs', 'integer'],
  ['throttle.resource.git-lfs.timeout', 'integer'],
  ['throttle.resource.mirror-hosting', 'integer'],
  ['throttle.resource.mirror-hosting.timeout', 'integer'],
  ['feature.hook.scripts', 'boolean'],
  ['feature.personal.repos', 'boolean'],
  ['feature.getting.started.page', 'boolean'],
  ['feature.forks', 'boolean'],
  ['feature.file.editor', 'boolean'],
  ['feature.attachments', 'boolean'],
  ['upm.plugin.upload.enabled', 'boolean'],
  ['db.pool.size.max', 'integer'],
  ['db.pool.size.idle', 'integer'],
  ['executor.max.threads', 'string'],
  ['process.timeout.execution', 'integer'],
  ['process.timeout.idle', 'integer'],
  ['encrypted-property.cipher.classname', 'string', { source: SECRETS }],
];

/** Spring Boot's server.* keys that are not in a family below; Bitbucket binds them through Spring Boot. */
const SPRING_BOOT_KEYS: Spec[] = [
  ['server.max-http-header-size', 'string'],
  ['server.max-http-request-header-size', 'string'],
  ['server.server-header', 'string'],
  ['server.shutdown', 'enum', { values: ['graceful', 'immediate'] }],
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

/**
 * Open families: real keys Bitbucket (or Spring Boot, or a plugin) reads by shape, of which the
 * documentation lists only some. A member is known; its value is checked only where the whole
 * family shares a type. Order matters: the first family a key fits describes it.
 */
const FAMILIES: CatalogueEntry[] = ([
  { key: 'logging.logger.<package>', pattern: /^logging\.logger\.[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, type: 'logLevel', confirmed: true, source: DOC },
  { key: 'throttle.resource.<name>', pattern: /^throttle\.resource\.[a-z0-9-]+$/, type: 'integer', confirmed: false, source: CONFIG_PAGE },
  { key: 'throttle.resource.<name>.timeout', pattern: /^throttle\.resource\.[a-z0-9-]+\.timeout$/, type: 'integer', confirmed: false, source: CONFIG_PAGE },
  { key: 'throttle.<setting>', pattern: /^throttle\.[a-z0-9-]+(\.[a-z0-9-]+)+$/, type: 'string', confirmed: false, source: CONFIG_PAGE },
  { key: 'feature.<name>', pattern: /^feature\.[a-z0-9-]+(\.[a-z0-9-]+)*$/, type: 'boolean', confirmed: false, source: CONFIG_PAGE },
  { key: 'plugin.<plugin key>.<setting>', pattern: /^plugin\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/, type: 'string', confirmed: false, source: CONFIG_PAGE },
  ...['tomcat', 'compression', 'ssl', 'error', 'http2', 'session'].map(
    (name): CatalogueEntry => ({
      key: `server.${name}.<setting>`,
      pattern: new RegExp(`^server\\.${name}\\.[a-z0-9-]+(\\.[a-z0-9-]+)*$`),
      type: 'string',
      confirmed: false,
      source: name === 'session' ? RECALLED : SPRING_BOOT,
    }),
  ),
  // Sections of the configuration properties page, each a namespace of its own.
  ...[
    'analytics',
    'attachment',
    'audit',
    'auth',
    'avatar',
    'backup',
    'content',
    'db',
    'display',
    'event',
    'executor',
    'hazelcast',
    'hibernate',
    'indexing',
    'jmx',
    'mail',
    'markup',
    'page',
    'password',
    'process',
    'pullrequest',
    'ref',
    'repository',
    'scm',
    'syntax',
    'task',
    'upm',
  ].map(
    (name): CatalogueEntry => ({
      key: `${name}.<setting>`,
      pattern: new RegExp(`^${name}\\.[a-z0-9-]+(\\.[A-Za-z0-9_-]+)*$`),
      type: 'string',
      confirmed: false,
      source: CONFIG_PAGE,
    }),
  ),
] as CatalogueEntry[]).map((entry) => ({ ...entry, family: true }));

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
  ...entries(CONFIG_PAGE_KEYS, false, CONFIG_PAGE),
  ...entries(SPRING_BOOT_KEYS, false, SPRING_BOOT),
  ...CONNECTOR_SUBKEYS.map(([sub, type, extra]) => ({
    key: `server.additional-connector.N.${sub}`,
    pattern: new RegExp(`^server\\.additional-connector\\.\\d+\\.${escapeRegExp(sub)}$`),
    type,
    confirmed: true,
    source: DOC,
    ...extra,
  })),
  ...FAMILIES,
];

