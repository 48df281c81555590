import { HttpStatus, UnprocessableEntityException } from '@nestjs/common';
import { ValidationIssue } from './validation-issue';

/** 422 carrying FastAPI-style issues; the exception filter writes them as `detail`. */
export class RequestValidationException extends UnprocessableEntityException {
  constructor(readonly issues: ValidationIssue[]) {
    super({ detail: issues }, { description: 'Validation failed' });
  }

  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
}
