import type { Logger } from '@nestjs/common';
import { type AiCause, type AiFallbackCause, type AiSource, fallbackMessage } from './ai-outcome';
import type { AiTelemetry } from './ai.telemetry';
import type { ChatEndEventDto, ChatResponseDto } from './dto/chat-response.dto';

/** The seed logged only this much of the user's message (`message[:100]`). */
const LOGGED_MESSAGE_CHARS = 100;

/**
 * One assistant request from admission to answer. Builds its answer or fallback, and reports its
 * outcome exactly once (the first report wins), logging a fallback with the cause and the first
 * 100 characters of the question.
 */
export class AiRun {
  private readonly startedAt = performance.now();
  private finished = false;

  constructor(
    private readonly question: string,
    private readonly telemetry: AiTelemetry,
    private readonly logger: Logger,
  ) {}

  answered(text: string, model: string): ChatResponseDto {
    this.finish('ai', 'ok');
    return { response: text, source: 'ai', timestamp: new Date().toISOString(), model };
  }

  /** The end of a stream whose text went out as deltas. */
  streamed(model: string): ChatEndEventDto {
    this.finish('ai', 'ok');
    return { source: 'ai', timestamp: new Date().toISOString(), model };
  }

  fallback(cause: AiFallbackCause, error?: unknown): ChatResponseDto {
    this.finish('fallback', cause, error);
    return { response: fallbackMessage(cause), source: 'fallback', timestamp: new Date().toISOString(), model: null };
  }

  finish(source: AiSource, cause: AiCause, error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.telemetry.recordOutcome(source, cause, seconds);
    if (source === 'ai') return;
    const details = { cause, seconds, user_message: firstChars(this.question), error: describe(error) };
    // A caller leaving mid-stream is not the assistant failing.
    if (cause === 'client_closed') this.logger.debug(details, 'AI stream closed by the client');
    else this.logger.warn(details, 'AI fallback used');
  }
}

function firstChars(text: string): string {
  return [...text].slice(0, LOGGED_MESSAGE_CHARS).join('');
}

/** Class and message only: enough to diagnose, and no request options (headers) come along. */
function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? `${error.name}: ${error.message}` : `non-Error ${typeof error}`;
}
