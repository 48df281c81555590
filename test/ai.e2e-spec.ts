import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AI_BUDGET_COUNTER } from '../apps/api/src/ai/ai-admission';
import { FALLBACK_MESSAGES } from '../apps/api/src/ai/ai-outcome';
import { CounterStore } from '../apps/api/src/counters/counter.store';
import { agentFor, signIn } from './support/auth';
import { eventually } from './support/eventually';
import { OpenAiCompatibleServer, STUB_ANSWER } from './support/openai-compatible-server';
import { parsePrometheusText, sampleSum } from './support/prometheus-text';
import { startTestApp } from './support/test-app';

const CHAT = '/api/v1/ai/chat';
const STREAM = '/api/v1/ai/chat/stream';
const MODEL = 'recway-test-model';
const API_KEY = 'sk-test-key-for-the-stub';

type Agent = ReturnType<typeof request.agent>;

/** The raw event stream text, whatever its content type. */
function collectText(response: request.Response, callback: (error: Error | null, body: string) => void): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => callback(null, text));
}

/** `data: <json>` frames in order; `[DONE]` stays a string. */
function eventsOf(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as unknown)));
}

describe('AI assistant (POST /ai/chat, /ai/chat/stream)', () => {
  let stub: OpenAiCompatibleServer;

  beforeAll(async () => {
    stub = await OpenAiCompatibleServer.start();
  });

  afterAll(async () => {
    await stub.close();
  });

  beforeEach(() => stub.reset());

  /** An app on the stub with these AI settings, its budget counter at zero, and a signed-in viewer. */
  async function startAiApp(settings: Record<string, string | undefined> = {}): Promise<{
    app: NestExpressApplication;
    viewer: Agent;
  }> {
    const app = await startTestApp({
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: stub.baseUrl,
      OPENAI_MODEL: MODEL,
      AI_REQUEST_TIMEOUT: '5',
      AI_MAX_REQUESTS_PER_MINUTE: '1000',
      AI_MAX_REQUESTS_PER_USER_PER_MINUTE: '1000',
      AI_MAX_CONCURRENT_REQUESTS: '5',
      ...settings,
    });
    await app.get(CounterStore).reset(AI_BUDGET_COUNTER);
    return { app, viewer: agentFor(app, await signIn(app, 'viewer')) };
  }

  describe('with the default limits', () => {
    let app: NestExpressApplication;
    let viewer: Agent;
    let editor: Agent;

    beforeAll(async () => {
      ({ app, viewer } = await startAiApp());
      editor = agentFor(app, await signIn(app, 'editor'));
    });

    afterAll(async () => {
      await app.close();
    });

    beforeEach(async () => {
      await app.get(CounterStore).reset(AI_BUDGET_COUNTER);
    });

    it('should answer from the model through the OpenAI-compatible upstream', async () => {
      const response = await viewer.post(CHAT).send({ message: '¿Qué es RecWay?' }).expect(200);
      expect(response.body).toEqual({
        response: STUB_ANSWER,
        source: 'ai',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        model: MODEL,
      });
      expect(stub.requests).toHaveLength(1);
      const [sent] = stub.requests;
      expect(sent.authorization).toBe(`Bearer ${API_KEY}`);
      expect(sent.body).toMatchObject({ model: MODEL, max_tokens: 2000, temperature: 0.7 });
      expect(sent.body.messages.at(-1)).toEqual({ role: 'user', content: '¿Qué es RecWay?' });
    });

    it('should fall back with processing_error when the upstream keeps answering 500 (after bounded retries)', async () => {
      stub.setDefault({ kind: 'error', status: 500 });
      const response = await viewer.post(CHAT).send({ message: 'hola' }).expect(200);
      expect(response.body).toMatchObject({
        source: 'fallback',
        response: FALLBACK_MESSAGES.processing_error,
        model: null,
      });
      expect(stub.requests).toHaveLength(3); // the first try and two retries
    });

    it('should retry a 429 and answer from the model', async () => {
      stub.queue({ kind: 'error', status: 429 });
      const response = await viewer.post(CHAT).send({ message: 'hola' }).expect(200);
      expect(response.body).toMatchObject({ source: 'ai', response: STUB_ANSWER });
      expect(stub.requests).toHaveLength(2);
    });

    it('should not retry when the wait the upstream asks for outlasts the deadline', async () => {
      stub.queue({ kind: 'error', status: 429, headers: { 'retry-after': '60' } });
      const response = await viewer.post(CHAT).send({ message: 'hola' }).expect(200);
      expect(response.body).toMatchObject({ source: 'fallback', response: FALLBACK_MESSAGES.processing_error });
      expect(stub.requests).toHaveLength(1);
    });

    it('should stream the answer as Server-Sent Events: deltas in order, the end event, then [DONE]', async () => {
      const response = await viewer
        .post(STREAM)
        .send({ message: 'cuéntame' })
        .buffer(true)
        .parse(collectText)
        .expect(200)
        .expect('Content-Type', /^text\/event-stream/);
      expect(response.headers['content-encoding']).toBeUndefined(); // not held back by gzip
      const events = eventsOf(response.body as string);
      const deltas = events.slice(0, -2) as { delta: string }[];
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.map((event) => event.delta).join('')).toBe(STUB_ANSWER);
      expect(events.at(-2)).toEqual({ source: 'ai', model: MODEL, timestamp: expect.any(String) });
      expect(events.at(-1)).toBe('[DONE]');
      expect(stub.requests[0].body.stream).toBe(true);
    });

    it('should abort the upstream call as soon as the client leaves a stream', async () => {
      stub.setDefault({ kind: 'answer', delayMs: 10_000 });
      await expect(viewer.post(STREAM).send({ message: 'hola' }).timeout(300)).rejects.toThrow(/timeout/i);
      await eventually(() => expect(stub.abandoned).toBe(1), 3_000); // long before the 5 s deadline would end it
    });

    it('should stream a fallback as a single event when the upstream fails', async () => {
      stub.setDefault({ kind: 'error', status: 503 });
      const response = await viewer.post(STREAM).send({ message: 'hola' }).buffer(true).parse(collectText).expect(200);
      expect(eventsOf(response.body as string)).toEqual([
        {
          source: 'fallback',
          response: FALLBACK_MESSAGES.processing_error,
          model: null,
          timestamp: expect.any(String),
        },
        '[DONE]',
      ]);
    });

    describe('grounding on the agency segments', () => {
      let segment: { id_segmento: number; nombre: string; latitud: number; longitud: number };

      beforeAll(async () => {
        const create = async (body: object) =>
          (await editor.post('/api/v1/segmentos/').send(body).expect(201)).body as typeof segment;
        segment = await create({
          nombre: 'Avenida Grounding Principal',
          descripcion: 'Baches profundos en el carril derecho',
          latitud: -33.4489,
          longitud: -70.6693,
          ubicacion: 'Santiago Centro',
        });
        await create({ nombre: 'Calle Grounding Vecina', latitud: -33.4462, longitud: -70.6693 }); // ~300 m
        await create({ nombre: 'Ruta Grounding Lejana', latitud: -33.0472, longitud: -71.6127 }); // ~100 km
      });

      it('should give the model the segment of segmento_id and its neighbours within 1 km', async () => {
        await viewer
          .post(CHAT)
          .send({ message: '¿Qué reparación necesita?', segmento_id: segment.id_segmento })
          .expect(200);
        const prompt = stub.promptOf(0);
        expect(prompt).toContain('Avenida Grounding Principal');
        expect(prompt).toContain('Baches profundos en el carril derecho');
        expect(prompt).toContain(String(segment.latitud));
        expect(prompt).toContain(String(segment.longitud));
        expect(prompt).toContain('Calle Grounding Vecina');
        expect(prompt).not.toContain('Ruta Grounding Lejana');
        // Editor-typed text never speaks with the system prompt's authority.
        const messages = stub.requests[0].body.messages;
        expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'user']);
        expect(messages[0].content).not.toContain('Grounding');
      });

      it('should ground a question that names a segment in its text, and flag named ids that do not exist', async () => {
        await viewer
          .post(CHAT)
          .send({ message: `¿Cómo está el segmento ${segment.id_segmento} y el segmento 2000000000?` })
          .expect(200);
        const prompt = stub.promptOf(0);
        expect(prompt).toContain('Avenida Grounding Principal');
        expect(prompt).toContain('Calle Grounding Vecina');
        expect(prompt).toContain('"inexistentes":[2000000000]');
      });

      it('should send no agency data when the question is about no segment', async () => {
        await viewer.post(CHAT).send({ message: '¿Qué es un bache?' }).expect(200);
        expect(stub.requests[0].body.messages.map((message) => message.role)).toEqual(['system', 'user']);
      });

      it('should answer 404 with the Segments detail for a segmento_id that does not exist, without calling upstream', async () => {
        const response = await viewer.post(CHAT).send({ message: 'hola', segmento_id: 999999 }).expect(404);
        expect(response.body).toEqual({ detail: 'Segmento 999999 not found' });
        await viewer.post(STREAM).send({ message: 'hola', segmento_id: 999999 }).expect(404);
        expect(stub.requests).toHaveLength(0);
      });
    });

    it.each([
      ['no message', {}, ['body', 'message'], 'missing'],
      ['an empty message', { message: '' }, ['body', 'message'], 'string_too_short'],
      ['a blank message', { message: '   \n ' }, ['body', 'message'], 'string_too_short'],
      ['a message of 4001 characters', { message: 'x'.repeat(4001) }, ['body', 'message'], 'string_too_long'],
      ['a message that is not text', { message: 42 }, ['body', 'message'], 'string_type'],
      ['segmento_id 0', { message: 'hola', segmento_id: 0 }, ['body', 'segmento_id'], 'greater_than_equal'],
      ['a fractional segmento_id', { message: 'hola', segmento_id: 1.5 }, ['body', 'segmento_id'], 'int_parsing'],
      ['segmento_id as a string', { message: 'hola', segmento_id: '12' }, ['body', 'segmento_id'], 'int_parsing'],
      ['segmento_id past int4', { message: 'hola', segmento_id: 2 ** 31 }, ['body', 'segmento_id'], 'less_than_equal'],
      ['an unknown field', { message: 'hola', extra: true }, ['body', 'extra'], 'extra_forbidden'],
    ])('should answer 422 for %s', async (_case, body, loc, type) => {
      const response = await viewer.post(CHAT).send(body).expect(422);
      expect(response.body.detail).toEqual([expect.objectContaining({ loc, type })]);
      await viewer.post(STREAM).send(body).expect(422);
      expect(stub.requests).toHaveLength(0);
    });

    it('should accept a message of exactly 4000 characters', async () => {
      await viewer
        .post(CHAT)
        .send({ message: 'x'.repeat(4000) })
        .expect(200);
    });

    it('should document both routes in the OpenAPI spec: body fields with examples, 200/401/404/422/429', async () => {
      const spec = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
      for (const path of [CHAT, STREAM]) {
        expect(Object.keys(spec.paths[path].post.responses).sort()).toEqual(['200', '401', '404', '422', '429']);
      }
      const { properties } = spec.components.schemas.ChatRequestDto;
      for (const field of ['message', 'segmento_id']) {
        expect(properties[field]).toEqual(
          expect.objectContaining({ description: expect.any(String), example: expect.anything() }),
        );
      }
      expect(spec.paths[STREAM].post.responses['200'].content).toHaveProperty(['text/event-stream']);
    });

    it('should answer 401 without a valid access token', async () => {
      await request(app.getHttpServer()).post(CHAT).send({ message: 'hola' }).expect(401);
      await request(app.getHttpServer()).post(STREAM).send({ message: 'hola' }).expect(401);
      expect(stub.requests).toHaveLength(0);
    });
  });

  it('should fall back with timeout_error within the timeout plus 1 s when the upstream is slow', async () => {
    const { app, viewer } = await startAiApp({ AI_REQUEST_TIMEOUT: '1' });
    try {
      stub.setDefault({ kind: 'answer', delayMs: 10_000 });
      const started = Date.now();
      const response = await viewer.post(CHAT).send({ message: 'hola' }).expect(200);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(response.body).toMatchObject({ source: 'fallback', response: FALLBACK_MESSAGES.timeout_error });
    } finally {
      await app.close();
    }
  });

  it('should never have more than AI_MAX_CONCURRENT_REQUESTS upstream calls at once (the rest queue)', async () => {
    const { app, viewer } = await startAiApp({ AI_MAX_CONCURRENT_REQUESTS: '2' });
    try {
      stub.setDefault({ kind: 'answer', delayMs: 300 });
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          viewer
            .post(CHAT)
            .send({ message: `pregunta ${index}` })
            .expect(200),
        ),
      );
      expect(responses.map((response) => response.body.source as string)).toEqual(['ai', 'ai', 'ai', 'ai', 'ai']);
      expect(stub.requests).toHaveLength(5);
      expect(stub.maxInFlight).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('should fall back with ai_unavailable once AI_MAX_REQUESTS_PER_MINUTE is spent', async () => {
    const { app, viewer } = await startAiApp({ AI_MAX_REQUESTS_PER_MINUTE: '3' });
    try {
      const sources: string[] = [];
      for (let i = 0; i < 4; i++)
        sources.push((await viewer.post(CHAT).send({ message: 'hola' }).expect(200)).body.source);
      expect(sources).toEqual(['ai', 'ai', 'ai', 'fallback']);
      const last = await viewer.post(CHAT).send({ message: 'hola' }).expect(200);
      expect(last.body).toMatchObject({ source: 'fallback', response: FALLBACK_MESSAGES.ai_unavailable });
      expect(stub.requests).toHaveLength(3);
      const metrics = parsePrometheusText((await request(app.getHttpServer()).get('/metrics').expect(200)).text);
      expect(sampleSum(metrics, 'recway_ai_requests_total', { source: 'ai', cause: 'ok' })).toBe(3);
      expect(sampleSum(metrics, 'recway_ai_requests_total', { source: 'fallback', cause: 'budget_spent' })).toBe(2);
      expect(sampleSum(metrics, 'recway_ai_request_duration_seconds_count')).toBe(5);
    } finally {
      await app.close();
    }
  });

  it("should hold one user to AI_MAX_REQUESTS_PER_USER_PER_MINUTE without spending the others' budget", async () => {
    const { app, viewer } = await startAiApp({
      AI_MAX_REQUESTS_PER_MINUTE: '3',
      AI_MAX_REQUESTS_PER_USER_PER_MINUTE: '2',
    });
    try {
      const sources: string[] = [];
      for (let i = 0; i < 4; i++)
        sources.push((await viewer.post(CHAT).send({ message: 'hola' }).expect(200)).body.source);
      expect(sources).toEqual(['ai', 'ai', 'fallback', 'fallback']);
      // The refused calls took nothing from the shared budget: another user still gets the last unit.
      const other = agentFor(app, await signIn(app, 'viewer'));
      expect((await other.post(CHAT).send({ message: 'hola' }).expect(200)).body.source).toBe('ai');
      expect((await other.post(CHAT).send({ message: 'hola' }).expect(200)).body.source).toBe('fallback');
      const metrics = parsePrometheusText((await request(app.getHttpServer()).get('/metrics').expect(200)).text);
      expect(sampleSum(metrics, 'recway_ai_requests_total', { cause: 'user_budget_spent' })).toBe(2);
      expect(sampleSum(metrics, 'recway_ai_requests_total', { cause: 'budget_spent' })).toBe(1);
      expect(stub.requests).toHaveLength(3);
    } finally {
      await app.close();
    }
  });

  it('should fall back with ai_unavailable and never call upstream when no API key is configured', async () => {
    const { app, viewer } = await startAiApp({ OPENAI_API_KEY: undefined });
    try {
      const response = await viewer.post(CHAT).send({ message: 'hola' }).expect(200);
      expect(response.body).toMatchObject({
        source: 'fallback',
        response: FALLBACK_MESSAGES.ai_unavailable,
        model: null,
      });
      const streamed = await viewer.post(STREAM).send({ message: 'hola' }).buffer(true).parse(collectText).expect(200);
      expect(eventsOf(streamed.body as string)).toEqual([
        expect.objectContaining({ source: 'fallback', response: FALLBACK_MESSAGES.ai_unavailable }),
        '[DONE]',
      ]);
      expect(stub.requests).toHaveLength(0);
    } finally {
      await app.close();
    }
  });
});
