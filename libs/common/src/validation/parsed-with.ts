import { Transform } from 'class-transformer';

/**
 * Replaces a query string's raw value with what `parse` makes of it; a malformed value (parse gives
 * undefined) stays a string, so the property's type check (IsObject, IsArray…) names the parameter.
 */
export const ParsedWith = (parse: (raw: unknown) => unknown): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => parse(value) ?? value);
