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

/** A container still to inspect; the path is rebuilt from `parent` only when a problem is reported. */
interface Pending {
  value: object;
  key: string | number;
  parent: Pending | undefined;
  depth: number;
}

/**
 * The problems of a parsed JSON value that must be caught before anything walks it recursively
 * (class-transformer, class-validator, fingerprints, loggers): nesting deeper than `maxDepth`, and
 * forbidden keys. The walk itself is iterative, so any depth is safe to inspect, and it visits only
 * containers, so a million-item array of numbers costs a few milliseconds. An empty list means the
 * value is safe to hand on.
 */
export function jsonShapeIssues(
  value: unknown,
  location: InputLocation,
  maxDepth: number = MAX_JSON_DEPTH,
): ValidationIssue[] {
  if (!isContainer(value)) return [];
  const issues: ValidationIssue[] = [];
  const stack: Pending[] = [{ value, key: location, parent: undefined, depth: 0 }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const pending = stack.pop() as Pending;
    if (pending.depth >= maxDepth) {
      return [{ loc: pathOf(pending), msg: `JSON nested deeper than ${maxDepth} levels`, type: 'json_too_deep' }];
    }
    if (Array.isArray(pending.value)) {
      pending.value.forEach((item: unknown, index) => {
        if (isContainer(item)) stack.push({ value: item, key: index, parent: pending, depth: pending.depth + 1 });
      });
      continue;
    }
    for (const [key, item] of Object.entries(pending.value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        const loc = [...pathOf(pending), key];
        issues.push({ loc, msg: `property ${key} should not exist`, type: 'extra_forbidden' });
      } else if (isContainer(item)) {
        stack.push({ value: item, key, parent: pending, depth: pending.depth + 1 });
      }
    }
  }
  return issues;
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function pathOf(pending: Pending): (string | number)[] {
  const path: (string | number)[] = [];
  for (let node: Pending | undefined = pending; node; node = node.parent) path.unshift(node.key);
  return path;
}
