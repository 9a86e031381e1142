import { mirrorConfig, runRule } from '../support/rule-tester';

runRule('properties/malformed-escape', {
  valid: [
    { code: 'server.display-name=Caf\\u00e9\n' },
    { name: 'escaped backslash before u', code: 'plugin.bitbucket-git.path.executable=C:\\\\usr\\\\bin\\\\git\n' },
    { name: 'a bad escape in a comment is ignored by Java', code: '# \\uZZZZ\nserver.port=7990\n' },
  ],
  invalid: [
    {
      code: 'server.port=7990\nsetup.displayName=Mirror \\u12G4\nserver.scheme=https\n',
      errors: [{ line: 2, column: 26, severity: 'error' }],
    },
    { name: 'truncated at end of file', code: 'setup.displayName=\\u00', errors: [{ line: 1, column: 19 }] },
    { name: 'Windows path', code: 'server.ssl.key-store=C:\\users\\keystore.jks\n', errors: [{ line: 1 }] },
  ],
});

runRule('properties/duplicate-key', {
  valid: [{ code: 'server.port=7990\nplugin.ssh.port=7999\n' }, { name: 'template lines are template-syntax\'s', code: '{% if a %}\nserver.port=1\n{% endif %}\n' }],
  invalid: [
    {
      code: 'server.port=7990\nserver.proxy-port=443\nserver.port 7991\nserver.port:7992\n',
      errors: [
        { line: 1, severity: 'warning', message: '`server.port` is set again on line 4, which wins; this line is ignored' },
        { line: 3, message: '`server.port` is set again on line 4, which wins; this line is ignored' },
      ],
      output: 'server.proxy-port=443\nserver.port:7992\n',
    },
  ],
});

runRule('properties/unknown-key', {
  valid: [
    { code: mirrorConfig() },
    { name: 'additional connector family', code: 'server.additional-connector.1.port=7991\n' },
    { name: 'logger family', code: 'logging.logger.com.atlassian.bitbucket.internal.mirroring=DEBUG\n' },
    { name: 'unconfirmed keys count as known', code: 'server.ssl.client-auth=want\n' },
    { name: 'environment names have their own rule', code: 'APPLICATION_MODE=mirror\n' },
    // Issue #11 §3: real keys of public files, reported unknown before.
    {
      name: "Spring Boot's server.tomcat.* and server namespace",
      code: [
        'server.tomcat.accesslog.enabled=true',
        'server.tomcat.accesslog.directory=/var/log/bitbucket',
        'server.tomcat.accesslog.prefix=access',
        'server.tomcat.accesslog.suffix=.log',
        'server.tomcat.accesslog.rename-on-rotate=true',
        'server.tomcat.accesslog.request-attributes-enabled=true',
        'server.tomcat.max-connections=10000',
        'server.max-http-header-size=64KB',
        'server.compression.enabled=true',
        'server.error.include-stacktrace=never',
        '',
      ].join('\n'),
    },
    {
      name: 'throttling, feature flags and other documented families',
      code: [
        'throttle.resource.scm-command=50',
        'throttle.resource.scm-command.timeout=2',
        'throttle.resource.scm-hosting=12',
        'throttle.resource.scm-hosting.timeout=300',
        'feature.hook.scripts=false',
        'feature.personal.repos=false',
        'feature.getting.started.page=false',
        'auth.remember-me.enabled=never',
        'server.busy.on.ticket.rejected.within=5',
        'upm.plugin.upload.enabled=false',
        'encrypted-property.cipher.classname=com.atlassian.db.config.password.ciphers.algorithm.AlgorithmCipher',
        '',
      ].join('\n'),
    },
    {
      name: 'plugin keys read by plugins',
      code: 'plugin.auth-crowd.sso.enabled=true\nplugin.search.config.aws.region=eu-west-1\nplugin.bitbucket-git.mesh.sidecar.jvm.args=-Xmx1g\nplugin.ssh.disabled.ciphers=aes128-cbc\n',
    },
    { name: 'a licence fragment is split-licence\'s finding', code: 'setup.license=AAABBB111CCCdddEEE\nFFFggg222HHHiiiJJJkkkLLL==\n' },
    { name: 'a byte order mark is its own finding', code: '\ufeffserver.port=7990\n' },
    { name: 'template lines are template-syntax\'s', code: '{% for k, v in props %}\n{{ k }}={{ v }}\n{% endfor %}\n' },
  ],
  invalid: [
    {
      name: 'camelCase',
      code: 'server.proxyName=mirror.example.com\n',
      errors: [{ line: 1, severity: 'warning', message: '`server.proxyName` is not a Bitbucket property; did you mean `server.proxy-name`?' }],
    },
    {
      name: "Spring's camelCase of our key: a rename is a suggestion, never a fix",
      code: 'server.contextPath=/bitbucket\n',
      errors: [{ line: 1, severity: 'warning', messageContains: 'did you mean `server.context-path`?' }],
      output: null,
      suggestionOutput: 'server.context-path=/bitbucket\n',
    },
    {
      name: 'case',
      code: 'setup.baseurl=https://mirror.example.com\n',
      errors: [{ line: 1, severity: 'warning', messageContains: 'did you mean `setup.baseUrl`?' }],
    },
    {
      name: 'a swapped pair inside a family',
      code: 'server.port=7990\nplugin.ssh.prot=7999\n',
      errors: [{ line: 2, severity: 'warning', messageContains: 'did you mean `plugin.ssh.port`?' }],
      suggestionOutput: 'server.port=7990\nplugin.ssh.port=7999\n',
    },
    { name: 'one slip inside a family', code: 'plugin.mirroring.upstream.ur=https://b.example.com\n', errors: [{ line: 1, severity: 'warning', messageContains: '`plugin.mirroring.upstream.url`' }] },
    // Issue #11 §4: names brought from elsewhere, which edit distance cannot reach.
    { name: 'jdbc.username', code: 'jdbc.username=bitbucket\n', errors: [{ line: 1, severity: 'warning', message: '`jdbc.username` is not a Bitbucket property; did you mean `jdbc.user`?' }] },
    {
      name: "server.xml's attribute names",
      code: 'proxyName=mirror.example.com\nproxyPort=443\nscheme=https\nsecure=true\n',
      errors: [
        { line: 1, severity: 'warning', messageContains: 'did you mean `server.proxy-name`?' },
        { line: 2, severity: 'warning', messageContains: 'did you mean `server.proxy-port`?' },
        { line: 3, severity: 'warning', messageContains: 'did you mean `server.scheme`?' },
        { line: 4, severity: 'warning', messageContains: 'did you mean `server.secure`?' },
      ],
    },
    { name: "Spring's data source", code: 'spring.datasource.url=jdbc:postgresql://db/bitbucket\n', errors: [{ line: 1, severity: 'warning', messageContains: '`jdbc.url`' }] },
    {
      name: 'no close match',
      code: 'com.example.plugin.colour=blue\n',
      errors: [{ line: 1, severity: 'info', message: '`com.example.plugin.colour` is not a Bitbucket property this linter knows; Bitbucket ignores keys it does not read' }],
    },
  ],
});

runRule('properties/invalid-value', {
  valid: [
    { code: 'server.port=7990\nserver.secure=TRUE\napplication.mode=Mirror\nplugin.mirroring.synchronization.interval=3m\n' },
    { name: 'whitespace around numbers is trimmed by Spring', code: 'server.port= 7990 \n' },
  ],
  invalid: [
    { name: 'port out of range', code: 'server.port=70000\n', errors: [{ line: 1, severity: 'error', message: '`server.port` must be at most 65535, but is `70000`' }] },
    { name: 'port not a number', code: 'plugin.ssh.port=ssh\n', errors: [{ line: 1, messageContains: 'must be a whole number' }] },
    { name: 'boolean', code: 'server.secure=yes\n', errors: [{ line: 1, message: '`server.secure` must be true or false, but is `yes`' }] },
    { name: 'enum', code: 'application.mode=mirorr\n', errors: [{ line: 1, message: '`application.mode` must be one of default, mirror, but is `mirorr`' }] },
    { name: 'relative URL', code: 'plugin.search.config.baseurl=search.example.com:9200\n', errors: [{ line: 1, messageContains: 'must be an absolute http or https URL' }] },
    { name: 'jdbc URL', code: 'jdbc.url=postgresql://db/bitbucket\n', errors: [{ line: 1, messageContains: 'must start with jdbc:' }] },
    { name: 'ssh base URL', code: 'plugin.ssh.baseurl=mirror.example.com:7999\n', errors: [{ line: 1, messageContains: 'absolute ssh URL' }] },
    { name: 'unconfirmed key is only a warning', code: 'server.ssl.client-auth=always\n', errors: [{ line: 1, severity: 'warning' }] },
  ],
});

runRule('properties/trailing-whitespace', {
  valid: [
    { code: 'server.proxy-name=mirror.example.com\n' },
    { name: 'escaped trailing blank is deliberate', code: 'setup.displayName=Mirror\\ \n' },
    { name: 'key with no value', code: 'setup.displayName   \n' },
  ],
  invalid: [
    { name: 'a number survives it', code: 'server.port=7990  \n', errors: [{ line: 1, column: 17, endLine: 1, endColumn: 19, severity: 'warning' }], output: 'server.port=7990\n' },
    {
      name: 'a host name does not',
      code: 'server.proxy-name=mirror.example.com \r\n',
      errors: [{ line: 1, column: 37, severity: 'error', message: 'The value of `server.proxy-name` ends in whitespace, which Java keeps: the hostname Bitbucket uses is not the one you see' }],
      output: 'server.proxy-name=mirror.example.com\r\n',
    },
    { name: 'on the last line of a continuation', code: 'setup.displayName=Mirror \\\n   of things\t\n', errors: [{ line: 2, column: 13 }] },
  ],
});

runRule('properties/inline-comment', {
  valid: [
    { code: '# comment\nserver.port=7990\n' },
    { name: 'a # inside a URL fragment', code: 'setup.baseUrl=https://mirror.example.com/#x\n' },
    { name: 'passwords may hold anything', code: 'jdbc.password=abc #def\n' },
  ],
  invalid: [
    { code: 'server.port=7990 # HTTP\n', errors: [{ line: 1, severity: 'warning' }] },
    { name: 'bang comment', code: 'server.scheme=https ! proxy\n', errors: [{ line: 1 }] },
  ],
});

runRule('properties/env-var-name', {
  valid: [{ code: 'application.mode=mirror\n' }, { name: 'an upper-case licence line is split-licence\'s', code: 'setup.license=AAAABBBBCCCCDDDDEEEE\nFFFFGGGGHHHHIIIIJJJJ\n' }],
  invalid: [
    {
      code: 'APPLICATION_MODE=mirror\n',
      errors: [{ line: 1, severity: 'warning', message: '`APPLICATION_MODE` is the environment-variable form of `application.mode`; in bitbucket.properties it is ignored, write `application.mode` instead' }],
    },
    { code: 'server.port=7990\nSERVER_PROXY_NAME=mirror.example.com\n', errors: [{ line: 2, messageContains: '`server.proxy-name`' }] },
    { name: 'Docker-only variable', code: 'JVM_MAXIMUM_MEMORY=2g\n', errors: [{ line: 1, messageContains: 'Docker image' }] },
    { name: 'unknown upper-case name', code: 'MY_SETTING=1\n', errors: [{ line: 1, messageContains: 'environment variable name' }] },
  ],
});

runRule('properties/plaintext-secret', {
  valid: [
    { name: 'empty password', code: 'jdbc.password=\n' },
    { name: 'placeholders and Spring references are not secrets', code: 'jdbc.password={{ db_password }}\nsetup.license=${LICENCE}\nsetup.sysadmin.password=$ADMIN_PASSWORD\n' },
    {
      name: 'decrypter configured',
      code: 'jdbc.password=arn:aws:secretsmanager:eu-west-1:1:secret:db\njdbc.password.decrypter.classname=com.atlassian.secrets.store.aws.AwsSecretsManagerStore\n',
    },
  ],
  invalid: [
    { code: 'jdbc.password=s3cr3t-value\n', errors: [{ line: 1, severity: 'info', message: '`jdbc.password` holds a password in clear text' }] },
    { name: 'keystore password', code: 'server.ssl.key-store-password=changeit\n', errors: [{ line: 1 }] },
    { name: 'unknown key named like a password', code: 'com.example.api.token=abcd\n', errors: [{ line: 1 }] },
    // Issue #11 §7: a licence is a secret, not a password.
    { name: 'a licence', code: 'setup.license=AAABBB111CCC\n', errors: [{ line: 1, message: '`setup.license` holds the licence key in clear text' }] },
  ],
});

runRule('properties/binary-content', {
  valid: [{ code: 'server.port=7990\n' }, { name: 'UTF-16 has its own rule', bytes: Buffer.from('server.port=7990\n', 'utf16le') }],
  invalid: [{ code: 'server.port=7990\n\u0000\u0001\u0002\n', errors: [{ line: 1, severity: 'error' }] }],
});

const utf16 = (text: string, bom: boolean): Buffer => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);

runRule('properties/utf16-file', {
  valid: [{ code: 'server.port=7990\n' }, { name: 'UTF-8 with text outside ASCII', code: 'setup.displayName=Café\n' }],
  invalid: [
    {
      name: 'with a byte order mark',
      bytes: utf16('server.port=7990\r\nserver.scheme=https\r\n', true),
      errors: [{ line: 1, severity: 'error', message: 'The file is saved as UTF-16 (utf-16le): Java reads it byte by byte, so every key holds NUL characters and Bitbucket reads none of its settings' }],
    },
    { name: 'without one', bytes: utf16('server.port=7990\n', false), errors: [{ line: 1 }] },
    { name: 'big-endian', bytes: Buffer.from([0xfe, 0xff, ...Buffer.from('a=1\n', 'utf16le').swap16()]), errors: [{ line: 1, messageContains: 'utf-16be' }] },
  ],
});

runRule('properties/byte-order-mark', {
  valid: [{ code: 'server.proxy-name=mirror.example.com\n' }, { name: 'a BOM in a UTF-16 file is that file\'s finding', bytes: utf16('a=1\n', true) }],
  invalid: [
    {
      name: 'before a key Bitbucket reads',
      code: '\ufeffserver.proxy-name=mirror.example.com\nserver.port=7990\n',
      errors: [
        {
          line: 1,
          column: 1,
          severity: 'error',
          message: 'The file starts with a UTF-8 byte order mark, which Java reads as part of the first key: Bitbucket gets `\\u00ef\\u00bb\\u00bfserver.proxy-name` instead of `server.proxy-name`, so that setting is lost',
        },
      ],
    },
    { name: 'before a comment, which becomes a junk key', code: '\ufeff# mirror settings\nserver.port=7990\n', errors: [{ line: 1, severity: 'warning' }], output: '# mirror settings\nserver.port=7990\n' },
  ],
});

runRule('properties/non-ascii-text', {
  valid: [
    { code: 'setup.displayName=Caf\\u00e9\n' },
    { name: 'ISO-8859-1 bytes are what Java reads', bytes: Buffer.from('setup.displayName=Caf\u00e9\n', 'latin1') },
    { name: 'comments may hold anything', code: '# Café\nserver.port=7990\n' },
  ],
  invalid: [
    {
      code: 'setup.displayName=Café Mirror\n',
      errors: [{ line: 1, severity: 'warning', message: '`setup.displayName` holds UTF-8 text outside ASCII (`Café Mirror`), which Java reads as ISO-8859-1 (`CafÃ© Mirror`); write it as `setup.displayName=Caf\\u00e9 Mirror`' }],
      output: 'setup.displayName=Caf\\u00e9 Mirror\n',
    },
    { name: 'a password is never shown', code: 'jdbc.password=pässwörd\n', errors: [{ line: 1, message: '`jdbc.password` holds UTF-8 text outside ASCII, which Java reads as ISO-8859-1, so the secret Bitbucket uses is not the one written; write those characters as \\uXXXX escapes' }] },
  ],
});

const LICENCE = ['AAABrQ0ODAoPeNqNUl1vmzAUfedXWNozDDtJ1UVCaleztbTkQ0AT7dWlm', 'FGVgbtE4G8j1vnbZzKjxbDRGDSNCGvT0WXBtcgi7oeUVLkX5', 'X02kn0abcXYZ+/Zqq==', 'AA'];

runRule('properties/split-licence', {
  valid: [
    { name: 'on one line', code: `setup.license=${LICENCE.slice(0, 3).join('')}\n` },
    { name: 'continued with backslashes', code: `setup.license=${LICENCE[0]}\\\n  ${LICENCE[1]}\n` },
    { name: 'a key after the licence', code: `setup.license=${LICENCE[0]}\nsetup.displayName=Mirror\n` },
  ],
  invalid: [
    {
      code: `server.port=7990\nsetup.license=${LICENCE[0]}\n${LICENCE[1]}\n${LICENCE[2]}\n`,
      errors: [{ line: 2, severity: 'error', message: '`setup.license` continues on lines 3-4 without a `\\` at the end of each line, so Java reads only its first line as the licence and the rest as separate keys' }],
    },
    { name: 'starting on the next line', code: `setup.license=\n${LICENCE[0]}\n${LICENCE[1]}\n`, errors: [{ line: 1 }] },
  ],
});

runRule('properties/placeholder-value', {
  valid: [
    { code: mirrorConfig() },
    { name: 'Spring placeholders are resolved', code: 'jdbc.url=${JDBC_URL}\nserver.proxy-name=${PROXY_NAME:mirror.example.com}\n' },
    { name: 'escaped slashes and blanks after =', code: 'setup.baseUrl=https\\://mirror.example.com\\/\nserver.port=   7990\n' },
    { name: 'valid enum values that look like words', code: 'server.ssl.client-auth=None\naudit.highest.priority.to.log=NONE\n' },
    { name: 'a real Java keystore default', code: 'server.ssl.key-store-password=changeit\n' },
  ],
  invalid: [
    {
      name: 'template variables',
      code: 'server.proxy-name={{ bitbucket_proxy_name }}\nsetup.displayName=%{display_name}\n',
      errors: [
        { line: 1, severity: 'warning', message: '`server.proxy-name` is `{{ bitbucket_proxy_name }}`, a template variable ({{ … }}) left from a template or an example; Bitbucket uses it as the real value' },
        { line: 2 },
      ],
    },
    { name: 'host:port and /path/to', code: 'jdbc.url=jdbc:postgresql://host:port/bitbucket\nserver.ssl.key-store=/path/to/keystore.jks\n', errors: [{ line: 2 }] },
    { name: 'angle brackets', code: 'server.proxy-name=<your-mirror-host>\nsetup.baseUrl=https://<mirror host>/\n', errors: [{ line: 1 }, { line: 2 }] },
    { name: 'None and null from a template engine', code: 'plugin.search.config.baseurl=None\nsetup.displayName=null\n', errors: [{ line: 1 }, { line: 2 }] },
    { name: 'example words', code: 'setup.license=mylicensestring\njdbc.user=your_db_user\njdbc.password=changeme\n', errors: [{ line: 1 }, { line: 2 }, { line: 3, message: '`jdbc.password` holds a placeholder left from a template or an example (the value is not shown); Bitbucket uses it as the real value' }] },
    { name: 'exactly host:port', code: 'hazelcast.network.tcpip.members=host:port\n', errors: [{ line: 1 }] },
    { name: 'a secret that is a template variable', code: 'jdbc.password={{ db_password }}\nsetup.license=<%= @licence %>\n', errors: [{ line: 1 }, { line: 2 }] },
    { name: 'shell variables of an unexpanded heredoc', code: 'setup.baseUrl=$BITBUCKET_BASE_URL\njdbc.url=jdbc:postgresql://localhost:5432/$BITBUCKET_DATABASE_NAME\njdbc.password=pa$$word\n', errors: [{ line: 1 }, { line: 2 }] },
  ],
});

runRule('properties/template-syntax', {
  valid: [{ code: mirrorConfig() }, { name: 'a value that is a template variable is placeholder-value\'s', code: 'server.proxy-name={{ host }}\n' }],
  invalid: [
    {
      name: 'a Jinja template',
      code: '{% if mirror %}\napplication.mode=mirror\n{% endif %}\n{# comment #}\n',
      errors: [{ line: 1, severity: 'info', message: 'This file holds template syntax (lines 1, 3 and 4) that Java would read as keys: it is a template, so lint the file it renders to for what Bitbucket reads' }],
    },
    { name: 'ERB', code: '<% if @mirror %>\napplication.mode=mirror\n', errors: [{ line: 1, messageContains: '(line 1)' }] },
  ],
});

runRule('properties/quoted-value', {
  valid: [{ code: 'setup.displayName=The "main" mirror\n' }, { code: 'plugin.example.json={"a":"b"}\n' }],
  invalid: [
    { code: 'setup.baseUrl="https://mirror.example.com"\n', errors: [{ line: 1, severity: 'warning', message: '`setup.baseUrl` is `"https://mirror.example.com"`: Java keeps the quotes, so they are part of the value' }] },
    { name: 'single quotes', code: "setup.displayName='Mirror'\n", errors: [{ line: 1 }] },
    { name: 'a quoted password is never shown', code: 'jdbc.password="s3cret"\n', errors: [{ line: 1, message: '`jdbc.password` is written in quotes (the value is not shown): Java keeps them, so they are part of the secret' }] },
  ],
});

runRule('properties/shell-assignment', {
  valid: [{ code: 'setup.displayName=a=b\n' }, { name: 'a Spring default', code: 'setup.displayName=${NAME:="x"}\n' }],
  invalid: [{ code: 'setup.displayName=DISPLAY_NAME="Mirror"\n', errors: [{ line: 1, severity: 'warning' }] }],
});

runRule('properties/empty-setup-value', {
  valid: [
    { code: 'setup.displayName=Mirror\nsetup.baseUrl=https://mirror.example.com\n' },
    { name: 'alone, nothing to complete', code: 'setup.displayName=\n' },
    { name: 'a licence continued below is split-licence\'s finding', code: `setup.displayName=Mirror\nsetup.license=\n${LICENCE[0]}\n` },
  ],
  invalid: [
    {
      code: 'setup.displayName=Mirror\nsetup.baseUrl=\nsetup.sysadmin.password=   \n',
      errors: [
        { line: 2, severity: 'warning', message: '`setup.baseUrl` is empty while other setup.* properties are set, so unattended setup cannot complete' },
        { line: 3 },
      ],
    },
  ],
});

// The invalid case needs a parser failure no input can cause today: see test/engine/unparseable.test.ts.
runRule('properties/unparseable', {
  valid: [{ code: 'server.port=7990\n' }, { name: 'a malformed escape has its own rule', code: 'a=\\u12\n' }],
  invalid: [],
});
