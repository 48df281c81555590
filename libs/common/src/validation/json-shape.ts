import { InputLocation, ValidationIssue } from '../errors/validation-issue';

/** No RecWay input nests anywhere near this deep; GeoJSON geometries need 4 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys that name an object's internals. class-transformer skips them silently (so the whitelist never
 * sees them); no DTO has such a field, so they are refused like any other unknown field.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Reporting stops here: a hostile body could carry millions of forbidden keys. */
const MAX_ISSUES = 100;

interface Pending {
  value: unknown;
  path: (string | number)[];
  depth: number;
}

/**
 * The problems of a parsed JSON value that must be caught before anything walks it recursively
 * (class-transformer, class-validator, fingerprints, loggers): nesting deeper than `maxDepth`, and
 * forbidden keys. The walk itself is iterative, so any depth is safe to inspect. An empty list means
 * the value is safe to hand on.
 */
export function jsonShapeIssues(
  value: unknown,
  location: InputLocation,
  maxDepth: number = MAX_JSON_DEPTH,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stack: Pending[] = [{ value, path: [], depth: 0 }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { value: current, path, depth } = stack.pop() as Pending;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) {
      return [{ loc: [location, ...path], msg: `JSON nested deeper than ${maxDepth} levels`, type: 'json_too_deep' }];
    }
    for (const [key, item] of Object.entries(current)) {
      const itemPath = [...path, Array.isArray(current) ? Number(key) : key];
      if (!Array.isArray(current) && FORBIDDEN_KEYS.has(key)) {
        issues.push({ loc: [location, ...itemPath], msg: `property ${key} should not exist`, type: 'extra_forbidden' });
      } else {
        stack.push({ value: item, path: itemPath, depth: depth + 1 });
      }
    }
  }
  return issues;
}
