import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AiConfig, RecwayConfig } from '@recway/config';
import OpenAI from 'openai';
import type { Deadline } from './deadline';
import { withRetries } from './upstream-retry';

export type ChatMessage = OpenAI.ChatCompletionMessageParam;

/** A whole answer, or one piece of a streamed one; `model` is what the upstream says it ran. */
export interface CompletionText {
  text: string;
  model: string;
}

/**
 * The OpenAI-compatible upstream (OpenAI, Ollama, vLLM…) through the official SDK. Every call runs
 * under the caller's deadline: its signal aborts the HTTP request, and retries are ours
 * (`withRetries`), not the SDK's, whose backoff would sleep past the deadline.
 */
@Injectable()
export class ChatCompletionsClient {
  private readonly settings: AiConfig;
  private readonly openai: OpenAI | undefined;

  constructor(config: ConfigService<RecwayConfig, true>) {
    this.settings = config.get('ai', { infer: true });
    this.openai = this.settings.apiKey?.trim() ? createOpenAi(this.settings, this.settings.apiKey) : undefined;
  }

  /** False without OPENAI_API_KEY: the assistant then only answers with its fallback. */
  get configured(): boolean {
    return this.openai !== undefined;
  }

  get model(): string {
    return this.settings.model;
  }

  async complete(messages: ChatMessage[], deadline: Deadline): Promise<CompletionText> {
    const openai = this.client();
    const completion = await withRetries(deadline, () =>
      openai.chat.completions.create({ ...this.params(messages), stream: false }, requestOptions(deadline)),
    );
    return { text: completion.choices[0]?.message?.content ?? '', model: completion.model || this.model };
  }

  /**
   * Opening the stream is retried like `complete`; once text flows, a failure ends it. When the
   * deadline aborts the stream, the SDK ends the iteration quietly: callers check `deadline.expired`.
   */
  async *stream(messages: ChatMessage[], deadline: Deadline): AsyncGenerator<CompletionText> {
    const openai = this.client();
    const stream = await withRetries(deadline, () =>
      openai.chat.completions.create({ ...this.params(messages), stream: true }, requestOptions(deadline)),
    );
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) yield { text, model: chunk.model || this.model };
    }
  }

  private params(messages: ChatMessage[]) {
    return {
      model: this.settings.model,
      messages,
      // max_tokens rather than max_completion_tokens: the one every OpenAI-compatible server knows.
      max_tokens: this.settings.maxTokens,
      temperature: this.settings.temperature,
    };
  }

  private client(): OpenAI {
    if (!this.openai) throw new Error('OPENAI_API_KEY is not configured');
    return this.openai;
  }
}

/**
 * Everything from typed configuration, nothing from the SDK's own environment lookups. The SDK's
 * logging is off: its debug lines carry whole prompts, and ours keep only 100 characters.
 */
function createOpenAi(settings: AiConfig, apiKey: string): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: settings.baseUrl,
    organization: null,
    project: null,
    timeout: settings.requestTimeoutMs,
    maxRetries: 0,
    logLevel: 'off',
  });
}

/** The deadline's signal bounds the whole call, body included; the SDK's own timeout is only a backstop. */
function requestOptions(deadline: Deadline): OpenAI.RequestOptions {
  return { signal: deadline.signal, maxRetries: 0 };
}
