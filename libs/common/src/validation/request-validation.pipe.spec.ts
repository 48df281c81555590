import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { RequestValidationException } from '../errors/request-validation.exception';
import { ParseIdPipe } from './parse-id.pipe';
import { RequestValidationPipe } from './request-validation.pipe';

class PointDto {
  @IsInt()
  @Min(0)
  x: number;
}

class SampleDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  nombre: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PointDto)
  punto?: PointDto;
}

async function issuesOf(value: unknown, type: ArgumentMetadata['type'] = 'body') {
  try {
    await new RequestValidationPipe().transform(value, { type, metatype: SampleDto });
  } catch (error) {
    if (error instanceof RequestValidationException) return error.issues;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe(RequestValidationPipe.name, () => {
  it('should return a typed instance for a valid body', async () => {
    const result = await new RequestValidationPipe().transform({ nombre: 'ok' }, { type: 'body', metatype: SampleDto });
    expect(result).toBeInstanceOf(SampleDto);
  });

  it('should report a missing field as FastAPI does', async () => {
    expect(await issuesOf({})).toEqual([{ loc: ['body', 'nombre'], msg: 'Field required', type: 'missing' }]);
  });

  it('should report one issue per failing field with its location', async () => {
    const issues = await issuesOf({ nombre: 'too long', punto: { x: -1 }, extra: 1 }, 'query');
    expect(issues).toEqual(
      expect.arrayContaining([
        { loc: ['query', 'nombre'], msg: expect.stringContaining('5'), type: 'string_too_long' },
        { loc: ['query', 'punto', 'x'], msg: expect.stringContaining('0'), type: 'greater_than_equal' },
        { loc: ['query', 'extra'], msg: 'property extra should not exist', type: 'extra_forbidden' },
      ]),
    );
    expect(issues).toHaveLength(3);
  });

  it('should report the type error first when a value has the wrong type', async () => {
    expect(await issuesOf({ nombre: 42 })).toEqual([
      { loc: ['body', 'nombre'], msg: 'nombre must be a string', type: 'string_type' },
    ]);
  });
});

describe(ParseIdPipe.name, () => {
  const pipe = new ParseIdPipe();
  const metadata: ArgumentMetadata = { type: 'param', data: 'id' };

  it('should accept a positive integer', () => {
    expect(pipe.transform('42', metadata)).toBe(42);
  });

  it.each(['abc', '1.5', '-3', '0', '99999999999', ''])('should refuse %p with a 422 on the path', (raw) => {
    expect(() => pipe.transform(raw, metadata)).toThrow(RequestValidationException);
  });
});
