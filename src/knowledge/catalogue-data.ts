/** The catalogue's data: every property Bitbucket reads that the reference names, with its type, default and source. */
import { FAMILIES } from './catalogue-families';
import { CONFIG_PAGE, DOC, RECALLED, SECRETS, SPRING, SPRING_BOOT, THIRD_PARTY, type CatalogueEntry, type Spec } from './catalogue-entry';

export type { CatalogueEntry } from './catalogue-entry';

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
