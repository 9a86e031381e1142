import { mirrorConfig, runRule } from '../support/rule-tester';

// Line numbers below refer to mirrorConfig()'s layout: 1 application.mode, 2 upstream url,
// 3 server.port, 4 proxy-name, 5 secure, 6 scheme, 7 proxy-port, 8 setup.baseUrl, then extras.

runRule('mirror/no-https', {
  valid: [
    { code: mirrorConfig() },
    {
      name: 'HTTPS terminated by Bitbucket',
      code: 'application.mode=mirror\nserver.port=8443\nserver.ssl.enabled=true\nserver.ssl.key-store=/var/atlassian/keystore.jks\n',
    },
    // Fragments that set no connector property say nothing about HTTPS (issue #11: 13 wrong errors).
    { name: 'database-only fragment', code: 'jdbc.driver=org.postgresql.Driver\njdbc.url=jdbc:postgresql://db:5432/bitbucket\njdbc.user=bitbucket\n' },
    { name: 'setup-only fragment', code: 'setup.displayName=Bitbucket\nsetup.baseUrl=https://bitbucket.example.com\n' },
    { name: 'SSO-only fragment', code: 'plugin.auth-crowd.sso.enabled=true\n' },
    { name: 'Hazelcast-only fragment', code: 'hazelcast.network.tcpip=true\nhazelcast.network.tcpip.members=10.0.0.1,10.0.0.2\n' },
    { name: 'a mirror fragment without connector lines', code: 'application.mode=mirror\nplugin.mirroring.upstream.url=https://bitbucket.example.com\n' },
    { name: 'a mirror declared by --role, with HTTPS', code: mirrorConfig({ 'application.mode': null, 'plugin.mirroring.upstream.url': null }), options: { role: 'mirror' } },
  ],
  invalid: [
    {
      name: 'a mirror with connector lines but no HTTPS',
      code: 'application.mode=mirror\nserver.port=7990\n',
      errors: [{ line: 2, severity: 'error', message: 'The mirror serves plain HTTP: neither `server.scheme=https` (HTTPS at a reverse proxy) nor `server.ssl.enabled=true` (HTTPS in Bitbucket) is set' }],
    },
    { name: 'a mirror by its mirroring keys, scheme http', code: 'plugin.mirroring.upstream.url=https://bitbucket.example.com\nserver.scheme=http\n', errors: [{ line: 2, severity: 'error' }] },
    { name: 'a mirror declared by --role', code: 'server.port=7990\n', options: { role: 'mirror' }, errors: [{ line: 1, severity: 'error' }] },
    {
      name: 'a primary serving plain HTTP is only information, and never called a mirror',
      code: 'server.port=7990\nserver.proxy-name=bitbucket.example.com\n',
      errors: [{ line: 1, severity: 'info', messageContains: 'Bitbucket serves plain HTTP' }],
    },
    { name: '--role primary overrides mirror mode', code: 'application.mode=mirror\nserver.ssl.enabled=false\n', options: { role: 'primary' }, errors: [{ line: 2, severity: 'info' }] },
  ],
});

runRule('mirror/scheme-secure-mismatch', {
  valid: [
    { code: mirrorConfig() },
    { name: 'plain http, not secure', code: 'server.scheme=http\nserver.secure=false\n' },
    { name: 'Bitbucket-terminated TLS', code: 'server.ssl.enabled=true\nserver.scheme=https\n' },
  ],
  invalid: [
    {
      name: 'scheme without secure',
      code: mirrorConfig({ 'server.secure': null }),
      errors: [{ line: 5, message: '`server.scheme=https` is set without `server.secure=true`, so Bitbucket treats proxied HTTPS requests as insecure' }],
      output: `${mirrorConfig({ 'server.secure': null })}server.secure=true\n`,
    },
    // An existing value is never changed: a person decides between the two.
    { name: 'secure=false', code: mirrorConfig({ 'server.secure': 'false' }), errors: [{ line: 5 }], output: null },
    {
      name: 'secure without scheme',
      code: 'server.secure=true\n',
      errors: [{ line: 1, messageContains: 'Bitbucket builds http:// links' }],
    },
  ],
});

runRule('mirror/proxy-name-missing', {
  valid: [{ code: mirrorConfig() }, { name: 'plain HTTP has its own rule', code: 'server.port=7990\n' }],
  invalid: [{ code: mirrorConfig({ 'server.proxy-name': null, 'setup.baseUrl': null }), errors: [{ line: 5, severity: 'error' }] }],
});

runRule('mirror/proxy-name-format', {
  valid: [
    { code: mirrorConfig() },
    { name: 'IPv4 literal', code: 'server.proxy-name=192.0.2.10\n' },
    { name: 'IPv6 literal', code: 'server.proxy-name=2001:db8::10\n' },
  ],
  invalid: [
    {
      name: 'URL',
      code: mirrorConfig({ 'server.proxy-name': 'https://mirror.example.com' }),
      errors: [{ line: 4, message: '`server.proxy-name` is `https://mirror.example.com`, a URL; it must be the host name alone (the scheme belongs in `server.scheme`)' }],
    },
    { name: 'port', code: 'server.proxy-name=mirror.example.com:443\n', errors: [{ line: 1, messageContains: 'with a port' }] },
    { name: 'path', code: 'server.proxy-name=mirror.example.com/bitbucket\n', errors: [{ line: 1, messageContains: 'with a path' }] },
    { name: 'space', code: 'server.proxy-name=mirror example.com\n', errors: [{ line: 1, messageContains: 'must be the bare public host name' }] },
    { name: 'underscore', code: 'server.proxy-name=my_mirror.example.com\n', errors: [{ line: 1 }] },
  ],
});

runRule('mirror/proxy-port', {
  valid: [{ code: mirrorConfig() }],
  invalid: [
    {
      name: 'missing',
      code: mirrorConfig({ 'server.proxy-port': null }),
      errors: [{ line: 6, severity: 'warning', messageContains: '`server.proxy-port` is not set' }],
      output: `${mirrorConfig({ 'server.proxy-port': null })}server.proxy-port=443\n`,
    },
    {
      name: 'missing, with no proxy host to complete',
      code: 'application.mode=mirror\nserver.scheme=https\nserver.secure=true\n',
      errors: [{ line: 2, severity: 'warning', messageContains: '`server.proxy-port` is not set' }],
      output: null,
    },
    {
      name: 'not 443',
      code: mirrorConfig({ 'server.proxy-port': '8443' }),
      errors: [{ line: 7, message: '`server.proxy-port` is 8443, not 443; check that the proxy serves HTTPS on that port' }],
    },
  ],
});

runRule('mirror/port-conflict', {
  valid: [
    { code: mirrorConfig() },
    { name: 'extra connector on its own port', code: 'server.port=7990\nserver.additional-connector.1.port=7991\n' },
  ],
  invalid: [
    {
      code: 'server.port=7990\nplugin.ssh.port=7990\n',
      errors: [{ line: 2, severity: 'error', message: '`plugin.ssh.port` listens on port 7990, which server.port already uses' }],
    },
    {
      name: 'against a default',
      code: 'server.port=7999\n',
      errors: [{ line: 1, message: '`server.port` listens on port 7999, which plugin.ssh.port (default) already uses' }],
    },
    {
      name: 'additional connector',
      code: 'server.port=7990\nplugin.ssh.port=7999\nserver.additional-connector.1.port=7999\n',
      errors: [{ line: 3, messageContains: 'plugin.ssh.port' }],
    },
  ],
});

runRule('mirror/ssl-keystore-missing', {
  valid: [{ code: 'server.ssl.enabled=true\nserver.ssl.key-store=/opt/keystore.p12\n' }],
  invalid: [{ code: 'server.port=8443\nserver.ssl.enabled=true\n', errors: [{ line: 2, severity: 'error' }] }],
});

runRule('mirror/base-url-scheme', {
  valid: [
    { code: mirrorConfig() },
    { name: 'http on a primary', code: 'setup.baseUrl=http://bitbucket.example.com\nserver.port=7990\n' },
    { name: 'a Spring placeholder', code: mirrorConfig({ 'setup.baseUrl': '${MIRROR_BASE_URL}' }) },
  ],
  invalid: [
    {
      code: mirrorConfig({ 'setup.baseUrl': 'http://mirror.example.com' }),
      errors: [{ line: 8, severity: 'error', message: "`setup.baseUrl` must be an absolute https:// URL, the mirror's public address, but is `http://mirror.example.com`" }],
    },
    {
      name: 'no scheme, on a primary',
      code: 'setup.baseUrl=bitbucket.example.com\n',
      errors: [{ line: 1, message: '`setup.baseUrl` must be an absolute URL with its scheme (https://host/…), but is `bitbucket.example.com`' }],
    },
    { name: 'no scheme, on a mirror', code: mirrorConfig({ 'setup.baseUrl': 'mirror.example.com' }), errors: [{ line: 8, messageContains: 'the mirror' }] },
  ],
});

runRule('mirror/base-url-mismatch', {
  valid: [
    { code: mirrorConfig() },
    { name: 'trailing slash and case do not matter', code: mirrorConfig({ 'setup.baseUrl': 'https://Mirror.Example.com/' }) },
    {
      name: 'context path agrees',
      code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com/bitbucket', 'server.context-path': '/bitbucket' }),
    },
    { name: 'an explicit default port is the default', code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com:443' }) },
    { name: 'a port that agrees', code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com:8443', 'server.proxy-port': '8443' }) },
    { name: 'a primary on plain HTTP that agrees', code: 'server.scheme=http\nserver.proxy-name=bitbucket.example.com\nserver.proxy-port=80\nsetup.baseUrl=http://bitbucket.example.com\n' },
    { name: 'nothing to compare with', code: 'setup.baseUrl=https://bitbucket.example.com:7990\n' },
  ],
  invalid: [
    {
      name: 'host',
      code: mirrorConfig({ 'setup.baseUrl': 'https://other.example.com' }),
      errors: [{ line: 8, severity: 'error', message: '`setup.baseUrl` has host `other.example.com` but `server.proxy-name` is `mirror.example.com`' }],
    },
    {
      name: 'port',
      code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com:8443' }),
      errors: [{ line: 8, message: '`setup.baseUrl` is on port 8443 but `server.proxy-port` is 443' }],
    },
    // Issue #11 §2: both were missed.
    {
      name: 'port 8443 against proxy-port 9443, without a proxy name',
      code: 'server.scheme=https\nserver.secure=true\nserver.proxy-port=9443\nsetup.baseUrl=https://bb.example.com:8443\n',
      errors: [{ line: 4, message: '`setup.baseUrl` is on port 8443 but `server.proxy-port` is 9443' }],
    },
    {
      name: 'port 7990 against 443 on a primary',
      code: 'server.scheme=https\nserver.secure=true\nserver.proxy-name=bb.example.com\nserver.proxy-port=443\nsetup.baseUrl=https://bb.example.com:7990\n',
      errors: [{ line: 5, messageContains: 'on port 7990 but `server.proxy-port` is 443' }],
    },
    {
      name: 'scheme',
      code: 'server.scheme=https\nserver.secure=true\nsetup.baseUrl=http://bitbucket.example.com\n',
      errors: [{ line: 3, message: '`setup.baseUrl` is http:// but `server.scheme` is https' }],
    },
    {
      name: 'path without a context path',
      code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com/bitbucket' }),
      errors: [{ line: 8, message: '`setup.baseUrl` has path `/bitbucket` but `server.context-path` is not set, so Bitbucket answers at the root' }],
    },
    {
      name: 'a context path the base URL lacks',
      code: mirrorConfig({ 'server.context-path': '/bitbucket' }),
      errors: [{ line: 8, messageContains: '`setup.baseUrl` has no path but `server.context-path` is `/bitbucket`' }],
    },
    {
      name: 'two different paths',
      code: mirrorConfig({ 'server.context-path': '/bb', 'setup.baseUrl': 'https://mirror.example.com/bitbucket' }),
      errors: [{ line: 8, messageContains: '`setup.baseUrl` has path `/bitbucket` but `server.context-path` is `/bb`' }],
    },
  ],
});

runRule('mirror/application-mode', {
  valid: [{ code: mirrorConfig() }, { name: 'a primary', code: 'server.port=7990\n' }],
  invalid: [
    {
      code: mirrorConfig({ 'application.mode': null }),
      errors: [{ line: 1, message: 'This file sets mirror properties (plugin.mirroring.upstream.url) but `application.mode` is not `mirror`, so Bitbucket starts as a normal instance' }],
    },
    { name: 'default', code: mirrorConfig({ 'application.mode': 'default' }), errors: [{ line: 1 }] },
  ],
});

runRule('mirror/upstream-url', {
  valid: [{ code: mirrorConfig() }],
  invalid: [
    { name: 'missing', code: mirrorConfig({ 'plugin.mirroring.upstream.url': null }), errors: [{ line: 1, messageContains: 'is not set' }] },
    {
      name: 'http',
      code: mirrorConfig({ 'plugin.mirroring.upstream.url': 'http://bitbucket.example.com' }),
      errors: [{ line: 2, message: "`plugin.mirroring.upstream.url` must be the upstream's absolute https:// URL, but is `http://bitbucket.example.com`" }],
    },
  ],
});

runRule('mirror/upstream-is-self', {
  valid: [
    { code: mirrorConfig() },
    // Issue #11 §2: the primary at bb-nginx:443 is not the mirror at bb-nginx:8443.
    {
      name: 'same host, another port',
      code: mirrorConfig({ 'setup.baseUrl': 'https://bb-nginx:8443', 'server.proxy-name': 'bb-nginx', 'server.proxy-port': '8443', 'plugin.mirroring.upstream.url': 'https://bb-nginx:443' }),
    },
    { name: 'same host, another scheme', code: 'application.mode=mirror\nsetup.baseUrl=https://bb.example.com\nplugin.mirroring.upstream.url=http://bb.example.com\n' },
    { name: 'not a mirror', code: 'setup.baseUrl=https://bb.example.com\nplugin.mirroring.upstream.url=https://bb.example.com\n', options: { role: 'primary' } },
  ],
  invalid: [
    {
      code: mirrorConfig({ 'plugin.mirroring.upstream.url': 'https://MIRROR.example.com' }),
      errors: [{ line: 2, message: "`plugin.mirroring.upstream.url` points at https://mirror.example.com:443, the mirror's own address; it must name the upstream" }],
    },
    { name: 'the default port written out', code: mirrorConfig({ 'plugin.mirroring.upstream.url': 'https://mirror.example.com:443/' }), errors: [{ line: 2 }] },
    {
      name: 'host from --host',
      code: 'application.mode=mirror\nplugin.mirroring.upstream.url=https://mirror.example.org\n',
      options: { host: 'mirror.example.org' },
      errors: [{ line: 2 }],
    },
    {
      name: 'a base URL without a scheme still names the mirror',
      code: 'application.mode=mirror\nsetup.baseUrl=bitbucket.example.com\nplugin.mirroring.upstream.url=https://bitbucket.example.com\n',
      errors: [{ line: 3 }],
    },
  ],
});

runRule('mirror/cloud-upstream-deprecated', {
  valid: [{ code: mirrorConfig() }, { name: 'only for mirrors', code: 'plugin.mirroring.upstream.url=https://bitbucket.org\n', options: { role: 'primary' } }],
  invalid: [
    {
      code: mirrorConfig({ 'plugin.mirroring.upstream.url': 'https://bitbucket.org' }),
      errors: [{ line: 2, severity: 'warning', messageContains: '21 April 2021' }],
    },
  ],
});

runRule('mirror/context-path-format', {
  valid: [{ code: 'server.context-path=/bitbucket\n' }, { name: 'empty means root', code: 'server.context-path=\n' }],
  invalid: [
    { name: 'no leading slash', code: 'server.context-path=bitbucket\n', errors: [{ line: 1, severity: 'warning' }] },
    { name: 'trailing slash', code: 'server.context-path=/bitbucket/\n', errors: [{ line: 1 }] },
    { name: 'only a slash', code: 'server.context-path=/\n', errors: [{ line: 1 }] },
  ],
});

runRule('mirror/servlet-context-path', {
  valid: [{ code: 'server.context-path=/bitbucket\n' }],
  invalid: [{ code: 'server.servlet.context-path=/bitbucket\n', errors: [{ line: 1, severity: 'warning' }] }],
});

runRule('mirror/weak-tls-protocol', {
  valid: [{ code: 'server.ssl.protocol=TLS\nserver.ssl.enabled-protocols=TLSv1.2,TLSv1.3\n' }],
  invalid: [
    { code: 'server.ssl.enabled-protocols=TLSv1.1, TLSv1.2\n', errors: [{ line: 1, messageContains: 'TLSv1.1, TLSv1.2' }] },
    { name: 'protocol', code: 'server.ssl.protocol=TLSv1\n', errors: [{ line: 1, message: '`server.ssl.protocol` selects an outdated protocol (TLSv1)' }] },
  ],
});
