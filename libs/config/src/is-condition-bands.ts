import { conditionBandsProblem } from '@recway/iri';
import { ValidateBy } from 'class-validator';

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
