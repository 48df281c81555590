import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub answers to one request. */
export type StubReply =
  | { kind: 'answer'; content?: string; delayMs?: number }
  | { kind: 'error'; status: number; headers?: Record<string, string> };

export interface ChatCompletionRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  max_tokens?: number;
  temperature?: number;
}

export interface RecordedRequest {
  body: ChatCompletionRequestBody;
  authorization: string | undefined;
}

export const STUB_ANSWER = 'El segmento está en buen estado, con fisuras menores.';

/**
 * A small OpenAI-compatible server on loopback: `POST /v1/chat/completions`, plain JSON or streamed
 * as Server-Sent Events like OpenAI's. It records every request and the most it ever served at once,
 * and answers from a script (`queue`) before falling back to its default reply.
 */
export class OpenAiCompatibleServer {
  readonly requests: RecordedRequest[] = [];
  maxInFlight = 0;
  /** Requests whose caller hung up before the (delayed) answer. */
  abandoned = 0;
  private inFlight = 0;
  private script: StubReply[] = [];
  private defaultReply: StubReply = { kind: 'answer' };

  private constructor(private readonly server: Server) {}

  static async start(port = 0): Promise<OpenAiCompatibleServer> {
    const server = createServer();
    const stub = new OpenAiCompatibleServer(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      // A body the stub cannot read is a broken test: answer 400 instead of an unhandled rejection.
      stub.handle(request, response).catch(() => {
        if (response.headersSent) response.destroy();
        else sendJson(response, 400, { error: { message: 'Bad request' } });
      });
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return stub;
  }

  /** The OPENAI_BASE_URL that reaches this stub. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The next requests get these replies, in order; later ones the default. */
  queue(...replies: StubReply[]): void {
    this.script.push(...replies);
  }

  setDefault(reply: StubReply): void {
    this.defaultReply = reply;
  }

  reset(): void {
    this.requests.length = 0;
    this.maxInFlight = 0;
    this.abandoned = 0;
    this.script = [];
    this.defaultReply = { kind: 'answer' };
  }

  /** Every prompt text the stub has received, joined: what the model was told. */
  promptOf(index: number): string {
    return this.requests[index].body.messages.map((message) => message.content).join('\n');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      sendJson(response, 404, { error: { message: 'Not found', type: 'invalid_request_error' } });
      return;
    }
    const body = JSON.parse(await readBody(request)) as ChatCompletionRequestBody;
    this.requests.push({ body, authorization: request.headers.authorization });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => (this.inFlight -= 1));
    const reply = this.script.shift() ?? this.defaultReply;
    if (reply.kind === 'error') {
      sendJson(
        response,
        reply.status,
        { error: { message: `stub error ${reply.status}`, type: 'server_error' } },
        reply.headers,
      );
      return;
    }
    if (!(await waitUnlessClosed(response, reply.delayMs ?? 0))) {
      this.abandoned += 1;
      return;
    }
    const content = reply.content ?? STUB_ANSWER;
    if (body.stream) streamCompletion(response, body.model, content);
    else sendJson(response, 200, completion(body.model, content));
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** False when the client went away first (a timed-out caller): nothing is left to answer. */
function waitUnlessClosed(response: ServerResponse, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    response.once('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function completion(model: string, content: string): object {
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

/** OpenAI's chunk sequence: the role, the text word by word, the finish reason, then [DONE]. */
function streamCompletion(response: ServerResponse, model: string, content: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: object, finishReason: string | null): string =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-stub',
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    })}\n\n`;
  response.write(chunk({ role: 'assistant', content: '' }, null));
  for (const word of content.match(/\S+\s*/g) ?? []) response.write(chunk({ content: word }, null));
  response.write(chunk({}, 'stop'));
  response.end('data: [DONE]\n\n');
}
