import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { RequestValidationException } from '@recway/common';
import type { UserResponseDto } from '../users/dto/user-response.dto';
import { UsersService } from '../users/users.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { LoginAttemptsService } from './login-attempts.service';
import { TokensService } from './tokens.service';

/** One message for every failed login: which part was wrong is not told (no account enumeration). */
const BAD_CREDENTIALS = 'Incorrect email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly attempts: LoginAttemptsService,
  ) {}

  async login(input: LoginDto, clientIp: string): Promise<TokenResponseDto> {
    const email = input.email ?? input.username;
    if (!email) {
      throw new RequestValidationException([{ loc: ['body', 'email'], msg: 'Field required', type: 'missing' }]);
    }
    await this.attempts.assertAllowed(email, clientIp);
    const account = await this.users.authenticate(email, input.password);
    if (!account) {
      await this.attempts.recordFailure(email, clientIp);
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    await this.attempts.recordSuccess(email);
    return this.tokens.issue(account);
  }

  async refresh(refreshToken: string): Promise<TokenResponseDto> {
    const { userId, familyId } = await this.tokens.spend(refreshToken);
    const account = await this.users.findAccount(userId);
    if (!account?.isActive) throw new UnauthorizedException('Invalid or expired refresh token');
    return this.tokens.issue(account, familyId);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }

  me(userId: string): Promise<UserResponseDto> {
    return this.users.me(userId);
  }

  async changePassword(userId: string, input: ChangePasswordDto): Promise<void> {
    if (!(await this.users.changePassword(userId, input.current_password, input.new_password))) {
      throw new BadRequestException('The current password is not correct');
    }
  }
}
