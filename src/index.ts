/** bitbucket-mirror-lint as a library: lint files, folders or text; format the report. */
export { lint, lintText, UsageError, type LintOptions, type LintTextOptions } from './lint/lint';
export type { FileResult, LintReport, Summary } from './model/report';
export type { Diagnostic, Severity, Span } from './model/diagnostic';
export type { RunContext, Target } from './model/run';
export { RuleLoadError } from './engine/load-rules';
export { listRules, type RuleInfo } from './engine/rule-info';
export { formatReport, FORMATS, type FormatName, type FormatOptions } from './formatters';
export { loadConfig, findConfigFile, ConfigError, CONFIG_FILE_NAMES, type LoadedConfig } from './config/load';
export type { ConfigFile, RuleSetting, FailOn } from './config/schema';
export type { SuppressedDiagnostic } from './lint/directives';
