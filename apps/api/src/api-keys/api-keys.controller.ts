import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  type AuthenticatedUser,
  CurrentUser,
  ErrorResponseDto,
  NoApiKeys,
  ValidationErrorResponseDto,
} from '@recway/common';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponseDto, CreatedApiKeyDto } from './dto/api-key-response.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('auth')
@Controller('auth/api-keys')
@Authenticated()
@NoApiKeys()
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key for yourself (machine clients: GIS tools, scripts)',
    description:
      'The key is shown once, in this answer. Send it as `X-API-Key: rwk_…` or `Authorization: Bearer rwk_…` ' +
      'on any API route except these key-management ones (they need a signed-in session).',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@CurrentUser() user: AuthenticatedUser, @Body() input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(user, input);
  }

  @Get()
  @ApiOperation({ summary: 'Your API keys (never the secret); admins may list another user’s, or `*` for all' })
  @ApiQuery({ name: 'usuario_id', required: false, description: 'Admins: a user id, or * for every user' })
  @ApiOkResponse({ type: [ApiKeyResponseDto] })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'usuario_id of someone else, without the admin role' })
  list(@CurrentUser() user: AuthenticatedUser, @Query('usuario_id') usuarioId?: string): Promise<ApiKeyResponseDto[]> {
    return this.keys.list(user, usuarioId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key at once (yours; admins: anyone’s)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.keys.revoke(user, id);
  }
}
