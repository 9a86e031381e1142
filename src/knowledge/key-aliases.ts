/** Names brought from elsewhere (Tomcat's server.xml, Spring Boot, other Atlassian products) and the Bitbucket key each stands for. */

/**
 * Edit distance cannot reach these: `proxyName` is nine edits from `server.proxy-name`. Each is a
 * real name of the same setting in the place it came from, so a key written this way is a warning
 * with the suggestion, never a rename `--fix` makes on its own.
 */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  // Tomcat's <Connector> attributes in server.xml, which Bitbucket 5 moved into bitbucket.properties.
  proxyName: 'server.proxy-name',
  proxyPort: 'server.proxy-port',
  scheme: 'server.scheme',
  secure: 'server.secure',
  redirectPort: 'server.redirect-port',
  connectionTimeout: 'server.connection-timeout',
  keystoreFile: 'server.ssl.key-store',
  keystorePass: 'server.ssl.key-store-password',
  keystoreType: 'server.ssl.key-store-type',
  keyAlias: 'server.ssl.key-alias',
  sslProtocol: 'server.ssl.protocol',
  SSLEnabled: 'server.ssl.enabled',
  // Spring Boot's data source, and other products' database settings.
  'jdbc.username': 'jdbc.user',
  'jdbc.driverClassName': 'jdbc.driver',
  'jdbc.driver-class-name': 'jdbc.driver',
  'spring.datasource.url': 'jdbc.url',
  'spring.datasource.username': 'jdbc.user',
  'spring.datasource.password': 'jdbc.password',
  'spring.datasource.driver-class-name': 'jdbc.driver',
  'hibernate.connection.url': 'jdbc.url',
  'hibernate.connection.username': 'jdbc.user',
  'hibernate.connection.password': 'jdbc.password',
};
