import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * PostgreSQL counts characters in code points; JavaScript's `length` counts UTF-16 units and
 * class-validator's MaxLength discounts emoji variation selectors. Counting code points keeps
 * the validation limit and the column limit the same, so a valid value never fails in the database.
 */
export function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || [...value].length <= max,
        defaultMessage: () => `$property must be at most ${max} characters`,
      },
    },
    options,
  );
}

/** Not empty and not only whitespace. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotEmpty',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || /\S/u.test(value),
        defaultMessage: () => '$property must not be empty or only whitespace',
      },
    },
    options,
  );
}

/**
 * Text PostgreSQL can store exactly as sent: no NUL character (text columns refuse it) and no lone
 * UTF-16 surrogate (it would be stored as U+FFFD, so the value read back would differ).
 */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || (!value.includes('\u0000') && value.isWellFormed()),
        defaultMessage: () => '$property must not contain NUL characters or unpaired UTF-16 surrogates',
      },
    },
    options,
  );
}
