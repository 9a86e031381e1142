/** A fired rule made into a diagnostic: its message filled in with secrets blanked, its place, its fix and reference. */
import type { Almanac } from 'json-rules-engine';
import { FILE_START, type Diagnostic, type Span } from '../model/diagnostic';
import type { FactItem, FileFacts, SourceDescriptor } from '../sources/source';
import type { LoadedRule } from './load-rules';
import { REDACTED, renderMessage, showRedacted } from './message';
import type { ActiveRule } from './rule-settings';
import type { RuleFile } from './rule-schema';

export type Override = NonNullable<RuleFile['overrides']>[number];

/** Where a finding was made: the rule (and the override that fired), the item and its file. */
export interface Firing {
  rule: ActiveRule;
  override: Override | undefined;
  item: FactItem;
  facts: FileFacts;
  file: string;
  /** The run's facts every message may name (file, host, now, …). */
  runFacts: Record<string, unknown>;
}

function formatReference(rule: LoadedRule): string {
  const { document, section, url } = rule.reference;
  return `${document} › ${section}${url ? ` (${url})` : ''}`;
}

/** The item's facts as a message may show them: a secret item's value facts blanked, as its source declares. */
function shownFacts(item: FactItem, source: SourceDescriptor | undefined): Record<string, unknown> {
  const secret = source?.secretFacts;
  if (!secret || item.facts[secret.when] !== true) return item.facts;
  const shown = { ...item.facts };
  for (const name of secret.facts) if (name in shown) shown[name] = REDACTED;
  return shown;
}

function locate(rule: LoadedRule, item: FactItem, facts: FileFacts, data: Record<string, unknown>): Span {
  if (rule.locate === undefined) return item.span;
  const names = Array.isArray(rule.locate) ? rule.locate : [rule.locate];
  for (const name of names) {
    // "@first": the span a data fact resolved to (a log rule's first matching line).
    const fromData = name.startsWith('@') ? (data[name.slice(1)] as Span | undefined) : undefined;
    const span = fromData?.line ? fromData : item.scope === 'file' ? facts.locate(name) : item.spans?.[name];
    if (span) return span;
  }
  return item.scope === 'file' ? FILE_START : item.span;
}

/** The diagnostic of a firing; the rule's data facts are read from the engine's almanac. */
export async function renderDiagnostic(firing: Firing, almanac: Almanac, source: SourceDescriptor | undefined): Promise<Diagnostic> {
  const { rule, override, item, facts, file, runFacts } = firing;
  const data: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(rule.data ?? {})) {
    data[name] = await almanac.factValue(ref.fact, ref.params ?? {}, ref.path ?? '');
  }
  const message = renderMessage(override?.message ?? rule.message, [data, shownFacts(item, source), runFacts], showRedacted(facts.secrets));
  return {
    ruleId: rule.id,
    severity: rule.effectiveSeverity ?? override?.severity ?? rule.severity,
    message,
    file,
    ...locate(rule, item, facts, data),
    fix: rule.fix,
    reference: formatReference(rule),
  };
}
