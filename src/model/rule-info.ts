/** A rule's metadata as it is listed, documented and put in SARIF: what formats and the CLI read of a rule. */
export interface RuleInfo {
  id: string;
  kind: string;
  scope: string;
  severity: string;
  title: string;
  description: string;
  fix: string[];
  reference: { document: string; section: string; url?: string };
  options: Record<string, { default: unknown; description: string }>;
  examples?: { invalid: string; valid: string };
  /** Whether --fix can repair it. */
  autofix: boolean;
  /** Every severity its findings can have: its own first, then those of its overrides. */
  severities: string[];
  docUrl: string;
  /** The rule file, relative to the package (or absolute for custom rule folders). */
  path: string;
}
