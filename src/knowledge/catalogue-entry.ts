/** What a catalogue entry holds, and the sources the catalogue cites for its keys. */
import type { PropertyTypeName } from './property-types';

/**
 * `confirmed: false` marks keys the reference tags [UNCONFIRMED], keys known only from public
 * configuration files, and members of an open family: they count as known, but a finding about
 * their value is never an error on its own.
 */
export interface CatalogueEntry {
  /** The key as Bitbucket spells it, or the family's shape (`feature.<name>`). */
  key: string;
  /** For a family: what its members look like. */
  pattern?: RegExp;
  /** Set for an open family (plugins, feature flags, Spring Boot's server namespace). */
  family?: boolean;
  type: PropertyTypeName;
  values?: readonly string[];
  confirmed: boolean;
  /** Bitbucket's default when the key is absent, where the reference documents one. */
  default?: string;
  /** Where the key was found: the reference section, a documentation page or Atlassian code. */
  source: string;
}

export type Spec = [key: string, type: PropertyTypeName, extra?: Partial<CatalogueEntry>];

export const DOC = 'bitbucket-facts §2.1';
export const THIRD_PARTY = 'bitbucket-facts §2.2';
export const SPRING = 'bitbucket-facts §2.3';
export const RECALLED = 'bitbucket-facts §2.4';
/** Keys set in public bitbucket.properties files (issue #11) and named on Bitbucket's configuration properties page, recalled rather than re-read here. */
export const CONFIG_PAGE =
  'Bitbucket configuration properties page (https://confluence.atlassian.com/bitbucketserver/configuration-properties-776640155.html; recalled, not re-read here), set in public bitbucket.properties files';
export const SPRING_BOOT =
  'Spring Boot common application properties, server.* (https://docs.spring.io/spring-boot/appendix/application-properties/index.html#appendix.application-properties.server); Bitbucket runs on Spring Boot (bitbucket-facts §1)';
export const SECRETS =
  "Bitbucket's encrypted properties (the cipher class for encrypted values), set in public bitbucket.properties files; the page was not read here";
