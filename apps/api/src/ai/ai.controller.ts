import { Body, Controller, Header, HttpCode, Post, Res, StreamableFile } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Authenticated,
  type AuthenticatedUser,
  CurrentUser,
  ErrorResponseDto,
  ValidationErrorResponseDto,
} from '@recway/common';
import type { Response } from 'express';
import { AiService } from './ai.service';
import { ChatRequestDto } from './dto/chat-request.dto';
import { ChatDeltaEventDto, ChatEndEventDto, ChatResponseDto } from './dto/chat-response.dto';
import { EVENT_STREAM_MEDIA_TYPE, toEventStream } from './server-sent-events';
import { ApiRateLimited } from '../rate-limit/rate-limited.decorator';

const SEGMENT_NOT_FOUND = {
  type: ErrorResponseDto,
  description: 'segmento_id does not exist ("Segmento {id} not found")',
};

/** Any signed-in user may ask; both routes answer 200 even when the assistant falls back. */
@ApiTags('ai')
@Authenticated()
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Invalid input, one issue per field' })
@ApiExtraModels(ChatDeltaEventDto, ChatEndEventDto)
@ApiRateLimited()
@Controller('ai')
export class AiController {
  constructor(private readonly ai: AiService) {}

  @Post('chat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ask the road-data assistant',
    description:
      'Answers about the agency\'s segments when segmento_id is given or the message names one ("segmento 12"). ' +
      'When the assistant cannot answer (no key configured, limits reached, timeout, upstream error) the answer ' +
      'is still 200, with source "fallback" and a Spanish message naming the cause.',
  })
  @ApiOkResponse({ type: ChatResponseDto })
  @ApiNotFoundResponse(SEGMENT_NOT_FOUND)
  chat(
    @Body() input: ChatRequestDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ChatResponseDto> {
    const clientGone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) clientGone.abort();
    });
    return this.ai.chat(input, user.id, clientGone.signal);
  }

  @Post('chat/stream')
  @HttpCode(200)
  // no-transform keeps gzip from buffering the events; X-Accel-Buffering does the same for nginx.
  @Header('Cache-Control', 'no-cache, no-transform')
  @Header('X-Accel-Buffering', 'no')
  @ApiOperation({
    summary: 'Ask the road-data assistant, answer streamed as Server-Sent Events',
    description:
      'Events are `data: <JSON>` lines: `{"delta": "..."}` pieces of the answer, then one end event ' +
      '`{"source": "ai", "model", "timestamp"}`, then `data: [DONE]`. A fallback is a single end event with ' +
      'source "fallback" and the message in `response` (if it follows deltas, it replaces them).',
  })
  @ApiProduces(EVENT_STREAM_MEDIA_TYPE)
  @ApiOkResponse({
    description: 'An event stream',
    content: {
      [EVENT_STREAM_MEDIA_TYPE]: {
        schema: { oneOf: [{ $ref: getSchemaPath(ChatDeltaEventDto) }, { $ref: getSchemaPath(ChatEndEventDto) }] },
      },
    },
  })
  @ApiNotFoundResponse(SEGMENT_NOT_FOUND)
  async chatStream(@Body() input: ChatRequestDto, @CurrentUser() user: AuthenticatedUser): Promise<StreamableFile> {
    const { events, close } = await this.ai.chatStream(input, user.id);
    return new StreamableFile(toEventStream(events, close), { type: `${EVENT_STREAM_MEDIA_TYPE}; charset=utf-8` });
  }
}
