import { ValidationError } from 'class-validator';
import { InputLocation, ValidationIssue } from '../errors/validation-issue';

/** class-validator constraint → the pydantic error type the seed's clients know. */
const ISSUE_TYPES: Record<string, string> = {
  whitelistValidation: 'extra_forbidden',
  isDefined: 'missing',
  isNotEmpty: 'string_too_short',
  minLength: 'string_too_short',
  maxLength: 'string_too_long',
  min: 'greater_than_equal',
  max: 'less_than_equal',
  isInt: 'int_parsing',
  isNumber: 'float_parsing',
  isString: 'string_type',
  isBoolean: 'bool_parsing',
  isIn: 'enum',
  isEnum: 'enum',
  isObject: 'model_type',
  isArray: 'list_type',
};

/** The constraint that explains a failure best goes first; class-validator lists them in decorator order. */
const PRIORITY = ['whitelistValidation', 'isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean'];

/** Flattens class-validator errors to one issue per failing field, nested paths included. */
export function toValidationIssues(
  errors: ValidationError[],
  location: InputLocation,
  parentPath: (string | number)[] = [],
): ValidationIssue[] {
  return errors.flatMap((error) => {
    const path = [...parentPath, toPathPart(error.property)];
    const own = error.constraints ? [issueFor(error, [location, ...path])] : [];
    return [...own, ...toValidationIssues(error.children ?? [], location, path)];
  });
}

function issueFor(error: ValidationError, loc: (string | number)[]): ValidationIssue {
  const constraints = error.constraints ?? {};
  if (error.value === undefined && !('whitelistValidation' in constraints)) {
    return { loc, msg: 'Field required', type: 'missing' };
  }
  const names = Object.keys(constraints);
  const name = PRIORITY.find((candidate) => candidate in constraints) ?? names[0];
  return { loc, msg: constraints[name], type: ISSUE_TYPES[name] ?? 'value_error' };
}

function toPathPart(property: string): string | number {
  return /^\d+$/.test(property) ? Number(property) : property;
}
