import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  type AuthenticatedUser,
  CurrentUser,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '@recway/common';
import type { Response } from 'express';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserListQueryDto } from './dto/user-list-query.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { UsersService } from './users.service';
import { ApiRateLimited } from '../rate-limit/rate-limited.decorator';

const UUID = new ParseUUIDPipe({ version: '4', errorHttpStatusCode: 422 });

@ApiTags('users')
@Authenticated('admin')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
@ApiRateLimited()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Email already used' })
  create(@Body() input: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(input);
  }

  @Get()
  @ApiOperation({ summary: 'List users (admin); total in X-Total-Count' })
  @ApiOkResponse({ type: [UserResponseDto] })
  async list(
    @Query() query: UserListQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserResponseDto[]> {
    const { items, total } = await this.users.list(query.skip, query.limit);
    response.setHeader('X-Total-Count', String(total));
    return items;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user (admin)' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id', UUID) id: string): Promise<UserResponseDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change role, name or active state (admin)' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Would remove the last admin, or your own admin access' })
  update(
    @Param('id', UUID) id: string,
    @Body() changes: UpdateUserDto,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<UserResponseDto> {
    return this.users.update(id, changes, actor.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user (admin)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Would remove the last admin, or yourself' })
  remove(@Param('id', UUID) id: string, @CurrentUser() actor: AuthenticatedUser): Promise<void> {
    return this.users.remove(id, actor.id);
  }
}
