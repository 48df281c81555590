import { Body, Controller, Get, HttpCode, Ip, Post, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AllowedBeforePasswordChange,
  Authenticated,
  type AuthenticatedUser,
  CurrentUser,
  ErrorResponseDto,
  Public,
  ValidationErrorResponseDto,
} from '@recway/common';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { LoginRateLimit } from '../rate-limit/login-rate-limit.decorator';
import { ApiRateLimited } from '../rate-limit/rate-limited.decorator';

@ApiTags('auth')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
@ApiRateLimited()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @LoginRateLimit()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: JSON {email, password} or OAuth2 password form (username, password)' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Incorrect email or password (one message for both)',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many failed logins; see Retry-After' })
  login(@Body() input: LoginDto, @Ip() clientIp: string): Promise<TokenResponseDto> {
    return this.auth.login(input, clientIp);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old one stops working)' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Invalid, expired, revoked or reused refresh token' })
  refresh(@Body() input: RefreshTokenDto): Promise<TokenResponseDto> {
    return this.auth.refresh(input.refresh_token);
  }

  @Authenticated()
  @AllowedBeforePasswordChange()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revoke this refresh token and its successors' })
  @ApiNoContentResponse()
  logout(@Body() input: RefreshTokenDto): Promise<void> {
    return this.auth.logout(input.refresh_token);
  }

  @Authenticated()
  @AllowedBeforePasswordChange()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponseDto> {
    return this.auth.me(user.id);
  }

  @Authenticated()
  @AllowedBeforePasswordChange()
  @Put('me/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password (ends your other sessions); sign in again afterwards' })
  @ApiNoContentResponse()
  changePassword(@CurrentUser() user: AuthenticatedUser, @Body() input: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user.id, input);
  }
}
