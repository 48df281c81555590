import { ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AuthenticatedUser, bearerToken, RequestValidationException } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { ReadReplicas } from '../replicas/read-replicas.service';
import { ROLES, type Role } from '../users/user.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeyHasher, generateApiKey, looksLikeApiKey, prefixOf } from './api-key-secret';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyResponseDto, CreatedApiKeyDto } from './dto/api-key-response.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/** Last uses are written in one statement this often (and at shutdown), never once per request. */
const RECORD_USES_EVERY_MS = 60_000;
const rank = (role: string) => ROLES.length - ROLES.indexOf(role as Role); // admin 3, editor 2, viewer 1

/** API keys: created by a signed-in user for itself, accepted on every API route but their own. */
@Injectable()
export class ApiKeysService implements OnModuleDestroy {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly hasher: ApiKeyHasher;
  private pendingUses = new Map<string, Date>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly replicas: ReadReplicas,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    this.hasher = new ApiKeyHasher(config.get('auth.secretKey', { infer: true }));
    this.timer = setInterval(() => void this.recordUses(), RECORD_USES_EVERY_MS).unref();
  }

  async create(owner: AuthenticatedUser, input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const role = input.rol ?? (owner.role as Role);
    if (rank(role) > rank(owner.role)) throw invalid('rol', `rol cannot be above your own role (${owner.role})`);
    const expiresAt = input.expira === undefined ? null : new Date(input.expira);
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw invalid('expira', 'expira must be in the future');
    const { key, prefix } = generateApiKey();
    const stored = await this.repository.insert({
      userId: owner.id,
      nombre: input.nombre,
      prefix,
      secretHash: this.hasher.hash(key),
      role,
      expiresAt,
    });
    return { ...this.toResponse(stored), clave: key };
  }

  /** The caller's keys; an admin may ask for another user's (`usuarioId`) or everybody's (`'*'`). */
  async list(caller: AuthenticatedUser, usuarioId?: string): Promise<ApiKeyResponseDto[]> {
    const owner = usuarioId ?? caller.id;
    if (owner !== caller.id && caller.role !== 'admin')
      throw new ForbiddenException("Only admins list other users' keys");
    const keys = await this.repository.list(owner === '*' ? undefined : owner);
    return keys.map((key) => this.toResponse(key));
  }

  /** Revokes at once. Another user's key is a 404 unless the caller is an admin (nothing to learn). */
  async revoke(caller: AuthenticatedUser, id: string): Promise<void> {
    const key = await this.repository.findById(id);
    if (!key || (key.userId !== caller.id && caller.role !== 'admin')) {
      throw new NotFoundException(`API key ${id} not found`);
    }
    await this.repository.revoke(id);
  }

  /**
   * The API key a request carries (`X-API-Key`, or `Authorization: Bearer rwk_…`), checked once per
   * request however many guards ask: undefined without one, null for a key that does not authenticate.
   */
  authenticateRequest(request: KeyedRequest): Promise<AuthenticatedUser | null> | undefined {
    const key = apiKeyOf(request);
    if (key === undefined) return undefined;
    request[CHECKED_KEY] ??= this.authenticate(key).then((user) => user ?? null);
    return request[CHECKED_KEY];
  }

  /**
   * The owner a key acts for, with the lower of the key's and the owner's current role; undefined for
   * a malformed, unknown, revoked or expired key, or a deactivated owner. Asked of the primary (a
   * revocation counts at once), of a replica while the primary is down (GIS reads go on).
   */
  async authenticate(key: string): Promise<AuthenticatedUser | undefined> {
    const prefix = prefixOf(key);
    const found = prefix
      ? (
          await this.replicas.read((db) => this.repository.findForAuthentication(prefix, db), {
            primaryPreferred: true,
          })
        ).value
      : undefined;
    if (!found || !this.hasher.matches(key, found.secret_hash)) return undefined;
    const expired = found.expires_at !== null && found.expires_at.getTime() <= Date.now();
    if (found.revoked_at !== null || expired || !found.owner_active) return undefined;
    this.pendingUses.set(found.id, new Date());
    const role = rank(found.role) <= rank(found.owner_role) ? found.role : found.owner_role;
    return { id: found.user_id, role, mustChangePassword: false, apiKeyId: found.id };
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.recordUses();
  }

  /** Best effort: a failed write keeps the uses for the next round (the database may be restarting). */
  private async recordUses(): Promise<void> {
    const uses = this.pendingUses;
    this.pendingUses = new Map();
    try {
      await this.repository.recordUses(uses);
    } catch (error) {
      for (const [id, at] of uses) if (!this.pendingUses.has(id)) this.pendingUses.set(id, at);
      this.logger.warn(`Could not record API key uses: ${(error as Error).message}`);
    }
  }

  private toResponse(key: ApiKey): ApiKeyResponseDto {
    const pending = this.pendingUses.get(key.id);
    const lastUse = pending ?? key.lastUsedAt;
    return {
      id: key.id,
      nombre: key.nombre,
      prefijo: key.prefix,
      rol: key.role,
      expira: key.expiresAt?.toISOString() ?? null,
      ultimo_uso: lastUse ? new Date(lastUse).toISOString() : null,
      revocada: key.revokedAt?.toISOString() ?? null,
      usuario_id: key.userId,
      created_at: key.createdAt.toISOString(),
    };
  }
}

const CHECKED_KEY = Symbol('recway api key');

export interface KeyedRequest {
  headers: Record<string, string | string[] | undefined>;
  [CHECKED_KEY]?: Promise<AuthenticatedUser | null>;
}

function apiKeyOf(request: KeyedRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header.trim();
  const bearer = bearerToken(request.headers.authorization);
  return bearer !== undefined && looksLikeApiKey(bearer) ? bearer : undefined;
}

function invalid(field: string, msg: string): RequestValidationException {
  return new RequestValidationException([{ loc: ['body', field], msg, type: 'value_error' }]);
}
