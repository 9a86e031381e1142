/** The plug-in contract of a fact source: bytes in, items of facts with positions out; a source never judges. */
import type { Span } from '../model/diagnostic';
import type { CertificateSummary, ProbeSummary } from '../model/report';
import type { Role, RunContext } from '../model/run';

// One source per input kind; what is wrong is decided by the rules, never by a source.

/** Something rules are evaluated against once: a whole file, one property, one key, one certificate. */
export interface FactItem {
  scope: string;
  facts: Record<string, unknown>;
  /** Where a finding about this item is reported. */
  span: Span;
  /** Narrower places a rule may ask for with `locate` (the trailing whitespace, a bad escape). */
  spans?: Record<string, Span>;
}

/**
 * What one file tells the other files of its run (certificates for chains, key fingerprints for
 * duplicates). Plain data, because worker threads exchange it: a query reads other files only
 * through these, so a file is judged the same whichever thread parsed the others.
 */
export interface SharedFacts {
  file: string;
  kind: string;
  hints: FileFacts['hints'];
  /** The source's own record (structured-cloneable), read back by the same source's queries. */
  data?: unknown;
}

/** What a query may look at beyond its own file: the run's options and what every file of it shares. */
export interface QueryContext {
  run: RunContext;
  /** One entry per parsed file of the run, in file order. */
  shared: readonly SharedFacts[];
  /** Bytes of extra trust anchors (--ca files), for certificate chain building. */
  caCertificates: readonly Uint8Array[];
}

/** A query over the whole parsed file (and the run) that rules call as a json-rules-engine fact with params. */
export type FactQuery = (params: Record<string, unknown>, item: FactItem, context: QueryContext) => unknown;

/** What a source makes of one file: its items of facts, its queries, and what it tells the run. */
export interface FileFacts {
  kind: string;
  items: FactItem[];
  /** Named places in the file that file-scope rules can `locate` (a property key → its span). */
  locate(name: string): Span | undefined;
  queries: Record<string, FactQuery>;
  /** Values that must never appear in output (passwords, key material). */
  secrets: string[];
  /** Whether the file holds secrets (passwords, private keys), for security/file-permissions. */
  holdsSecrets?: boolean;
  /** What other files of the run contributed to this file's findings, for the result cache's key. */
  crossFileKey?(context: QueryContext): string;
  /** What this file tells the run about the mirror, for run-wide context and --probe. */
  hints: { host?: string; baseUrl?: string; sshPort?: number; role?: Role };
  /** What other files' queries may read about this one (see SharedFacts.data). */
  shared?: unknown;
  /** Certificates held, for reports that list them (an expiry timeline, metrics); the run adds the host. */
  certificates?: Omit<CertificateSummary, 'host'>[];
  /** A probe's outcome, for reports that list targets. */
  probe?: ProbeSummary;
}

/** What rules may ask of a kind: cheap to load, so rule files can be checked without the parser. */
export interface SourceDescriptor {
  kind: string;
  /** Fact names rules may use, by scope; rule files are checked against them at load. */
  factNames: Record<string, readonly string[]>;
  queryNames: readonly string[];
  /**
   * Queries fast and free of side effects, which gates may ask before the engine runs to skip rules
   * that cannot fire (the engine asks again when a rule may fire). Lookups, and queries whose work
   * is remembered (chains, key pairing); not scans over a large file (logs).
   */
  gateQueries?: readonly string[];
  /**
   * Facts that carry a secret's value when an item's `when` fact is true (a password property's value):
   * blanked before any message can show them.
   */
  secretFacts?: { when: string; facts: readonly string[] };
}

/** What the run knows about a file before it is parsed. */
export interface ParseOptions {
  /** The file was given as trust anchors (--ca): it serves no certificate. */
  trustAnchor?: boolean;
}

export interface FactSource extends SourceDescriptor {
  /** `queryParams`: the params rules pass to this kind's queries, for sources that scan once for all of them. */
  parse(bytes: Uint8Array, file: string, queryParams?: readonly Record<string, unknown>[], options?: ParseOptions): FileFacts;
  /**
   * For kinds too large to hold in memory (logs): reads the file as a stream. `queryParams` are the
   * params rules pass to this kind's queries, so one pass can answer them all.
   */
  parseFile?(absolute: string, file: string, queryParams: readonly Record<string, unknown>[]): Promise<FileFacts>;
}

/** How sure a source is, from the name and the first bytes, that a file is of its kind. */
export type Claim = 'yes' | 'maybe' | 'no';
