import { explainSymptom } from '../../src/lint/symptoms';

/**
 * What users see, mapped to the causes `explain` must offer. Each symptom rule lists texts that must
 * bring it up and texts that must not; the seed table below proves every row of the troubleshooting
 * page is reachable.
 */
const TABLE: Record<string, { fires: string[]; silent: string[] }> = {
  'symptom/mirror-not-running': { fires: ['curl: (7) Failed to connect to mirror.example.com port 443: Connection refused', '502 Bad Gateway'], silent: ['Permission denied (publickey)'] },
  'symptom/not-on-network': { fires: ['ssh: Could not resolve hostname mirror.example.com: Name or service not known', 'No route to host'], silent: ['certificate has expired'] },
  'symptom/firewall': { fires: ['Connection timed out', 'OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to bitbucket.org:443'], silent: ['You are not logged in'] },
  'symptom/ipv6': { fires: ['connect to [2401:1d80:1010::150]:443 failed: Network is unreachable'], silent: ['Connection refused'] },
  'symptom/wrong-protocol': { fires: ['SSL routines:ssl3_get_record:wrong version number', 'The plain HTTP request was sent to HTTPS port'], silent: ['Permission denied (publickey)'] },
  'symptom/not-listening': { fires: ['ssh: connect to host mirror.example.com port 7999: Connection refused'], silent: ['certificate has expired'] },
  'symptom/certificate-name': { fires: ["curl: (60) SSL: no alternative certificate subject name matches target host name 'mirror.example.com'", 'NET::ERR_CERT_COMMON_NAME_INVALID'], silent: ['Connection refused'] },
  'symptom/certificate-expired': { fires: ['SSL certificate problem: certificate has expired', 'NET::ERR_CERT_DATE_INVALID'], silent: ['Connection refused'] },
  'symptom/trust-store': { fires: ['PKIX path building failed', 'SSL certificate problem: self-signed certificate in certificate chain', 'unable to get local issuer certificate'], silent: ['Connection refused'] },
  'symptom/key-certificate': { fires: ['SSL_CTX_use_PrivateKey_file: key values mismatch', 'sslv3 alert handshake failure'], silent: ['Connection refused'] },
  'symptom/third-party-cookies-projects': { fires: ['Some projects could not be added. Refresh the page to try adding the projects again.'], silent: ['Connection refused'] },
  'symptom/third-party-cookies-support-tools': { fires: ['You are not logged in. Log in to continue using this tool.'], silent: ['Connection refused'] },
  'symptom/base-url': { fires: ['How do I change the mirror base URL?'], silent: ['Connection refused'] },
  'symptom/missing-public-key': { fires: ['Permission denied (publickey).', 'fatal: Could not read from remote repository.'], silent: ['Connection refused'] },
  'symptom/unsupported-key-type': { fires: ['Permission denied (publickey).', 'my key is ssh-ed25519'], silent: ['Connection refused'] },
  'symptom/cloud-deprecated': { fires: ['How do I set up a new smart mirror for bitbucket.org?'], silent: ['Connection refused'] },
  'symptom/clock-skew': { fires: ['JwtExpiredException: Expired at … (30 seconds leeway is allowed)', 'the admin panel keeps spinning'], silent: ['Connection refused'] },
  'symptom/upstream-licence': { fires: ["Response status was 409, message 'Conflict'"], silent: ['Connection refused'] },
  'symptom/pending-approval': { fires: ['The mirror is stuck in Pending'], silent: ['Connection refused'] },
};

describe.each(Object.entries(TABLE))('%s', (id, { fires, silent }) => {
  it.each(fires)('comes up for %j', async (text) => {
    expect((await explainSymptom(text)).map((c) => c.ruleId)).toContain(id);
  });
  it.each(silent)('stays out of %j', async (text) => {
    expect((await explainSymptom(text)).map((c) => c.ruleId)).not.toContain(id);
  });
});

/** Every row of ../shared/seed/troubleshoot-smart-mirroring.txt, as a user would describe it, and the cause explain must rank in its top three. */
const SEED_ROWS: [string, string, string][] = [
  ['The mirror server is not running', 'curl: (7) Failed to connect to mirror.example.com port 443: Connection refused', 'symptom/mirror-not-running'],
  ['not actually connected to the network', 'ping: mirror.example.com: Name or service not known', 'symptom/not-on-network'],
  ['a firewall is blocking the host and port', 'telnet mirror.example.com 443 ... Connection timed out', 'symptom/firewall'],
  ['outgoing IPv6', 'connect to [2a0a:ea00::1]:443 failed: Network is unreachable', 'symptom/ipv6'],
  ['HTTP instead of HTTPS', 'error:0A00010B:SSL routines::wrong version number', 'symptom/wrong-protocol'],
  ['not listening on the port', 'ssh: connect to host mirror.example.com port 7999: Connection refused', 'symptom/not-listening'],
  ['CN must match the host name', 'Your connection is not private NET::ERR_CERT_COMMON_NAME_INVALID', 'symptom/certificate-name'],
  ['timestamp must still be valid', 'NET::ERR_CERT_DATE_INVALID', 'symptom/certificate-expired'],
  ['correct Java trust store', 'sun.security.validator.ValidatorException: PKIX path building failed', 'symptom/trust-store'],
  ['key and certificate correctly configured', 'nginx: SSL_CTX_use_PrivateKey_file(...) failed (key values mismatch)', 'symptom/key-certificate'],
  ['adding projects asks to refresh', 'Some projects failed to add. Please refresh the page to try adding the projects again.', 'symptom/third-party-cookies-projects'],
  ['support tools: not logged in', 'You are not logged in. Please log in to continue using this tool.', 'symptom/third-party-cookies-support-tools'],
  ['Mirror base URL set once', 'I set the wrong base URL in the mirror wizard', 'symptom/base-url'],
  ['missing public key', "Cloning into 'local-repo'...\nPermission denied (publickey).\nfatal: Could not read from remote repository.", 'symptom/missing-public-key'],
  ['unsupported SSH key type', "Cloning into 'local-repo'...\nPermission denied (publickey).\nfatal: Could not read from remote repository.", 'symptom/unsupported-key-type'],
  ['smart mirroring deprecated', 'Can I still set up a smart mirror for bitbucket.org?', 'symptom/cloud-deprecated'],
];

describe('every seed row is reachable through explain', () => {
  it.each(SEED_ROWS)('%s', async (_row, text, id) => {
    const causes = (await explainSymptom(text)).map((c) => c.ruleId);
    expect(causes.slice(0, 3)).toContain(id);
  });
});
