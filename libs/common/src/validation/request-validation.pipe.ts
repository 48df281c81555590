import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { RequestValidationException } from '../errors/request-validation.exception';
import { InputLocation } from '../errors/validation-issue';
import { toValidationIssues } from './validation-issues';

const LOCATIONS: Record<ArgumentMetadata['type'], InputLocation> = {
  body: 'body',
  query: 'query',
  param: 'path',
  custom: 'body',
};

/** Carries class-validator's errors from the factory to `transform`, which knows the location. */
class UnlocatedValidationErrors {
  constructor(readonly errors: ValidationError[]) {}
}

/**
 * The global validation: whitelist, unknown fields rejected, values transformed to the DTO's types,
 * failures reported as FastAPI-style 422 issues with their location (body, query, path).
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => new UnlocatedValidationErrors(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof UnlocatedValidationErrors)) throw error;
      throw new RequestValidationException(toValidationIssues(error.errors, LOCATIONS[metadata.type]));
    }
  }
}
