import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { toUserResponse, UserResponseDto } from './dto/user-response.dto';
import { PasswordHasher } from './password-hasher';
import { type Role, User } from './user.entity';
import { UserChanges, UsersRepository } from './users.repository';

/** What authentication needs to know about an account. */
export interface Account {
  id: string;
  role: Role;
  isActive: boolean;
  mustChangePassword: boolean;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** New users (and reset ones) must choose their own password at first login. */
  async create(input: CreateUserDto): Promise<UserResponseDto> {
    const user = await this.users.insert({
      email: input.email,
      fullName: input.full_name ?? null,
      passwordHash: await this.hasher.hash(input.password),
      role: input.role,
      mustChangePassword: true,
    });
    if (!user) throw new ConflictException(`A user with email ${input.email} already exists`);
    return toUserResponse(user);
  }

  async list(skip: number, limit: number): Promise<{ items: UserResponseDto[]; total: number }> {
    const [users, total] = await this.users.list(skip, limit);
    return { items: users.map(toUserResponse), total };
  }

  async get(id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.require(id));
  }

  async update(id: string, changes: UpdateUserDto, actingUserId: string): Promise<UserResponseDto> {
    const user = await this.require(id);
    const losesAdmin =
      user.role === 'admin' &&
      ((changes.role !== undefined && changes.role !== 'admin') || changes.is_active === false);
    if (losesAdmin) await this.assertNotLastAdmin(id, actingUserId);
    const updated = await this.users.update(id, {
      fullName: changes.full_name,
      role: changes.role,
      isActive: changes.is_active,
    } satisfies UserChanges);
    if (changes.is_active === false) await this.users.revokeSessions(id);
    return toUserResponse(updated ?? user);
  }

  async remove(id: string, actingUserId: string): Promise<void> {
    const user = await this.require(id);
    if (user.role === 'admin') await this.assertNotLastAdmin(id, actingUserId);
    await this.users.delete(id);
  }

  /**
   * The account behind an email and password, or undefined: unknown email, wrong password and
   * inactive account look the same, and take the same time.
   */
  async authenticate(email: string, password: string): Promise<Account | undefined> {
    const user = await this.users.findByEmail(email);
    const valid = await this.hasher.verify(password, user?.passwordHash);
    if (!user || !valid || !user.isActive) return undefined;
    await this.users.recordLogin(user.id);
    return toAccount(user);
  }

  async findAccount(id: string): Promise<Account | undefined> {
    const user = await this.users.findById(id);
    return user ? toAccount(user) : undefined;
  }

  async me(id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.require(id));
  }

  /** False when the current password is wrong. Ends every other session (refresh tokens). */
  async changePassword(id: string, current: string, next: string): Promise<boolean> {
    const user = await this.require(id);
    if (!(await this.hasher.verify(current, user.passwordHash))) return false;
    await this.users.update(id, { passwordHash: await this.hasher.hash(next), mustChangePassword: false });
    await this.users.revokeSessions(id);
    return true;
  }

  /** Creates or resets a user from the command line: password set, must change it at next login. */
  async upsertFromCli(
    email: string,
    role: Role,
    password: string,
  ): Promise<{ user: UserResponseDto; created: boolean }> {
    const existing = await this.users.findByEmail(email);
    const passwordHash = await this.hasher.hash(password);
    if (existing) {
      const updated = await this.users.update(existing.id, {
        role,
        passwordHash,
        isActive: true,
        mustChangePassword: true,
      });
      await this.users.revokeSessions(existing.id);
      return { user: toUserResponse(updated ?? existing), created: false };
    }
    const user = await this.users.insert({ email, fullName: null, passwordHash, role, mustChangePassword: true });
    if (!user) throw new ConflictException(`A user with email ${email} already exists`);
    return { user: toUserResponse(user), created: true };
  }

  private async require(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  /** An organisation must keep one active admin, and an admin cannot lock themselves out. */
  private async assertNotLastAdmin(id: string, actingUserId: string): Promise<void> {
    if (id === actingUserId) throw new ConflictException('Admins cannot remove their own admin access');
    if ((await this.users.countActiveAdmins()) <= 1)
      throw new ConflictException('The last active admin cannot be removed');
  }
}

function toAccount(user: User): Account {
  return { id: user.id, role: user.role, isActive: user.isActive, mustChangePassword: user.mustChangePassword };
}
