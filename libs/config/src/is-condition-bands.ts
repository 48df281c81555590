import { conditionBandsProblem } from '@recway/iri';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** Reads CONDITION_BANDS as JSON; malformed JSON stays a string so validation names the variable. */
export function ToJson(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  });
}

/** An ordered list of condition bands (see @recway/iri's conditionBandsProblem for the rules). */
export function IsConditionBands(): PropertyDecorator {
  return ValidateBy({
    name: 'isConditionBands',
    validator: {
      validate: (value: unknown) => conditionBandsProblem(value) === undefined,
      defaultMessage: (args) => `$property ${conditionBandsProblem(args?.value) ?? 'is invalid'}`,
    },
  });
}
