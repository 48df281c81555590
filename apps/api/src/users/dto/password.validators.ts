import { ValidateBy, ValidationOptions } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 12;
/** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
export const PASSWORD_MAX_BYTES = 72;

export function IsAcceptablePassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAcceptablePassword',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          [...value].length >= PASSWORD_MIN_LENGTH &&
          Buffer.byteLength(value, 'utf8') <= PASSWORD_MAX_BYTES,
        defaultMessage: () =>
          `$property must be at least ${PASSWORD_MIN_LENGTH} characters and at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`,
      },
    },
    options,
  );
}
