import { isIP } from 'node:net';
import { ValidateBy, ValidationOptions } from 'class-validator';

/** Names Express' `trust proxy` understands, plus the seed's "localhost". */
const PROXY_NAMES = new Set(['localhost', 'loopback', 'linklocal', 'uniquelocal']);

export function isProxyAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (PROXY_NAMES.has(value)) return true;
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

/** Each entry is an IP, a CIDR block, or loopback/linklocal/uniquelocal/localhost. */
export function IsProxyAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isProxyAddress',
      validator: {
        validate: isProxyAddress,
        defaultMessage: () => '$property entries must be IP addresses, CIDR blocks or "localhost"; got $value',
      },
    },
    options,
  );
}
