import { Readable } from 'node:stream';

export const EVENT_STREAM_MEDIA_TYPE = 'text/event-stream';
/** The end marker OpenAI's own streams use, so existing SSE clients recognise it. */
const DONE = 'data: [DONE]\n\n';

/**
 * Each event as one `data:` line of JSON, then `data: [DONE]`. Destroying the readable (Nest does
 * when the client disconnects) returns the events' generator, which aborts the upstream call.
 */
export function toEventStream(events: AsyncGenerator<object>): Readable {
  async function* frames(): AsyncGenerator<string> {
    for await (const event of events) yield `data: ${JSON.stringify(event)}\n\n`;
    yield DONE;
  }
  return Readable.from(frames());
}
