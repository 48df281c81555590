import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationException } from '../errors/request-validation.exception';

/** Largest PostgreSQL `integer`: ids past it would be a database error, not a 404. */
export const MAX_INT4 = 2_147_483_647;

/** A positive integer path id; anything else is a 422 naming the parameter, never a database error. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_INT4) {
      throw new RequestValidationException([
        {
          loc: ['path', metadata.data ?? 'id'],
          msg: `Input should be an integer between 1 and ${MAX_INT4}`,
          type: 'int_parsing',
        },
      ]);
    }
    return id;
  }
}
