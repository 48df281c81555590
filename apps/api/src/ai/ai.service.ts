import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RecwayConfig } from '@recway/config';
import { APIConnectionTimeoutError } from 'openai';
import { type Admission, AiAdmission } from './ai-admission';
import type { AiFallbackCause } from './ai-outcome';
import { buildMessages } from './ai-prompt';
import { AiRun } from './ai-run';
import { AiTelemetry } from './ai.telemetry';
import { type ChatMessage, ChatCompletionsClient } from './chat-completions.client';
import { Deadline } from './deadline';
import type { ChatRequestDto } from './dto/chat-request.dto';
import type { ChatDeltaEventDto, ChatEndEventDto, ChatResponseDto } from './dto/chat-response.dto';
import { SegmentContextService } from './segment-context.service';

export type ChatStreamEvent = ChatDeltaEventDto | ChatEndEventDto;

/**
 * A streamed answer and the way to stop it. `close` must not wait for the generator: an async
 * generator's `return()` queues behind a pending `next()`, which may be waiting on the upstream.
 */
export interface ChatStream {
  events: AsyncGenerator<ChatStreamEvent>;
  close: () => void;
}
type GateResult = Admission | { granted: false; cause: 'no_api_key' };

/**
 * The assistant: grounds the question on the agency's segments, then asks the upstream within one
 * AI_REQUEST_TIMEOUT deadline (slot wait, budget, retries, streaming). Whatever goes wrong after
 * grounding, the caller gets an answer: the model's, or a fallback naming the cause in Spanish.
 */
@Injectable()
export class AiService {
  private readonly logger = new Logger(AiService.name);
  private readonly timeoutMs: number;

  constructor(
    config: ConfigService<RecwayConfig, true>,
    private readonly client: ChatCompletionsClient,
    private readonly admission: AiAdmission,
    private readonly context: SegmentContextService,
    private readonly telemetry: AiTelemetry,
  ) {
    this.timeoutMs = config.get('ai.requestTimeoutMs', { infer: true });
  }

  /** `clientGone` aborts when the caller disconnects: the slot and the upstream call are freed at once. */
  async chat(input: ChatRequestDto, userId: string, clientGone?: AbortSignal): Promise<ChatResponseDto> {
    const messages = await this.messagesFor(input);
    const run = this.startRun(input.message);
    const deadline = new Deadline(this.timeoutMs);
    clientGone?.addEventListener('abort', () => deadline.cancel(), { once: true });
    let gate: GateResult | undefined;
    try {
      gate = await this.gate(deadline, userId);
      if (deadline.cancelled) return run.fallback('client_closed');
      if (!gate.granted) return run.fallback(gate.cause);
      const { text, model } = await this.client.complete(messages, deadline);
      return text ? run.answered(text, model) : run.fallback('upstream_error', new Error('Empty answer'));
    } catch (error) {
      return run.fallback(causeOf(error, deadline), error);
    } finally {
      if (gate?.granted) gate.release();
      deadline.cancel();
    }
  }

  /** Grounding happens before the stream starts, so a missing segment is still a plain 404. */
  async chatStream(input: ChatRequestDto, userId: string): Promise<ChatStream> {
    const messages = await this.messagesFor(input);
    const deadline = new Deadline(this.timeoutMs);
    return {
      events: this.streamEvents(messages, input.message, userId, deadline),
      close: () => deadline.cancel(),
    };
  }

  /** Deltas, then one end event; or a single fallback event. */
  private async *streamEvents(
    messages: ChatMessage[],
    question: string,
    userId: string,
    deadline: Deadline,
  ): AsyncGenerator<ChatStreamEvent> {
    const run = this.startRun(question);
    let gate: GateResult | undefined;
    try {
      gate = await this.gate(deadline, userId);
      if (deadline.cancelled) return; // left while waiting for a slot: recorded below
      if (!gate.granted) yield run.fallback(gate.cause);
      else yield* this.relay(messages, deadline, run);
    } finally {
      if (gate?.granted) gate.release();
      deadline.cancel();
      run.finish('fallback', 'client_closed'); // only when nothing above finished the run
    }
  }

  private async *relay(messages: ChatMessage[], deadline: Deadline, run: AiRun): AsyncGenerator<ChatStreamEvent> {
    let model: string | undefined;
    try {
      for await (const part of this.client.stream(messages, deadline)) {
        model = part.model;
        yield { delta: part.text };
      }
      // The SDK ends its loop quietly when its signal aborts: a caller that left is not an answer.
      if (deadline.cancelled) return;
      if (deadline.expired) yield run.fallback('timeout');
      else if (model === undefined) yield run.fallback('upstream_error', new Error('Empty answer'));
      else yield run.streamed(model);
    } catch (error) {
      yield run.fallback(causeOf(error, deadline), error);
    }
  }

  private async messagesFor(input: ChatRequestDto): Promise<ChatMessage[]> {
    return buildMessages(input.message, await this.context.forQuestion(input.message, input.segmento_id));
  }

  /** A key first (no key: nothing to wait for), then a slot and budget. */
  private gate(deadline: Deadline, userId: string): Promise<GateResult> {
    if (!this.client.configured) return Promise.resolve({ granted: false, cause: 'no_api_key' });
    return this.admission.admit(deadline, userId);
  }

  private startRun(question: string): AiRun {
    return new AiRun(question, this.telemetry, this.logger);
  }
}

function causeOf(error: unknown, deadline: Deadline): AiFallbackCause {
  if (deadline.expired || error instanceof APIConnectionTimeoutError) return 'timeout';
  // Cancelled before the end: only a stream's caller leaving does that.
  return deadline.signal.aborted ? 'client_closed' : 'upstream_error';
}
