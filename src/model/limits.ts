/**
 * The bounds that keep time and memory in check whatever a file holds (issue #14). One object so a
 * test can lower a bound for a case instead of building a file of the real size; nothing else changes them.
 */
export const LIMITS = {
  /** Properties read from one file: a bitbucket.properties holds a few hundred; each costs about 1.5 KiB with its facts. */
  propertiesPerFile: 50_000,
  /** Certificates read from one file: Mozilla's root store is about 150; each costs about 25 KiB with OpenSSL's object. */
  certificatesPerFile: 1000,
  /** Findings of one rule listed per file; the rest are counted in one finding. */
  findingsPerRule: 100,
  /** Bytes of one log line searched: a 512-million-character line ended the run; Java's stack lines are a few hundred. */
  logLineBytes: 64 * 1024,
};
