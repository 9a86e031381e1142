/** The value types of Bitbucket's properties (port, boolean, URL, …) as zod schemas that say what is wrong. */
import { z } from 'zod';
import { isHostName } from './host-name';

export { isHostName, isIpLiteral } from './host-name';

/**
 * Value types of Bitbucket properties, as zod schemas over the value Java hands to Spring
 * (already unescaped). Each schema trims first: Spring's number and boolean converters
 * ignore surrounding whitespace, and trailing whitespace has a rule of its own.
 */

const trimmed = z.string().transform((s) => s.trim());

function absoluteUrl(schemes: readonly string[]) {
  return trimmed.pipe(
    z.string().refine(
      (s) => {
        try {
          const url = new URL(s);
          return schemes.includes(url.protocol.slice(0, -1)) && url.hostname !== '';
        } catch {
          return false;
        }
      },
      { message: `must be an absolute ${schemes.join(' or ')} URL` },
    ),
  );
}

export const PROPERTY_TYPES = {
  string: z.string(),
  secret: z.string(),
  port: trimmed.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1, 'must be at least 1').max(65535, 'must be at most 65535')),
  ),
  integer: trimmed.pipe(
    z
      .string()
      .regex(/^-?\d+$/, 'must be a whole number')
      .transform(Number),
  ),
  boolean: trimmed.pipe(
    z
      .string()
      .regex(/^(true|false)$/i, 'must be true or false')
      .transform((s) => s.toLowerCase() === 'true'),
  ),
  url: absoluteUrl(['http', 'https']),
  httpsUrl: absoluteUrl(['https']),
  sshUrl: absoluteUrl(['ssh']),
  jdbcUrl: trimmed.pipe(z.string().startsWith('jdbc:', 'must start with jdbc:')),
  hostname: trimmed.pipe(
    z
      .string()
      .refine(isHostName, 'must be a bare host name or IP address')
      // Host names compare case-insensitively; URL parsing lower-cases and unbrackets them the same way.
      .transform((s) => s.toLowerCase().replace(/^\[|\]$/g, '')),
  ),
  path: trimmed.pipe(z.string().min(1, 'must not be empty')),
  duration: trimmed.pipe(
    z.string().regex(/^(\d+(ns|us|ms|s|m|h|d)?|P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?)$/i, 'must be a duration such as 30s, 3m or PT3M'),
  ),
  logLevel: trimmed.pipe(
    z.string().regex(/^(TRACE|DEBUG|INFO|WARN|ERROR|OFF)$/i, 'must be a log level (TRACE, DEBUG, INFO, WARN, ERROR or OFF)'),
  ),
} as const;

export type PropertyTypeName = keyof typeof PROPERTY_TYPES | 'enum';

/** An enum matches case-insensitively, as Spring's relaxed binding does, and yields the catalogue spelling. */
export function enumType(values: readonly string[]) {
  return trimmed.pipe(
    z
      .string()
      .transform((s) => values.find((v) => v.toLowerCase() === s.toLowerCase()))
      .pipe(z.string({ invalid_type_error: `must be one of ${values.join(', ')}`, required_error: `must be one of ${values.join(', ')}` })),
  );
}
