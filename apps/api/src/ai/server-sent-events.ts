import { Readable } from 'node:stream';

export const EVENT_STREAM_MEDIA_TYPE = 'text/event-stream';
/** The end marker OpenAI's own streams use, so existing SSE clients recognise it. */
const DONE = 'data: [DONE]\n\n';

async function* frames(events: AsyncIterable<object>): AsyncGenerator<string> {
  for await (const event of events) yield `data: ${JSON.stringify(event)}\n\n`;
  yield DONE;
}

/**
 * Pulls one frame at a time. Not `Readable.from`: its destroy waits for the generator's `return()`,
 * which queues behind a pending `next()` (one waiting on the upstream), so a client that left would
 * keep the upstream call and its slot until the deadline.
 */
class EventStream extends Readable {
  constructor(
    private readonly source: AsyncGenerator<string>,
    private readonly onClose: () => void,
  ) {
    super();
  }

  override _read(): void {
    void this.source.next().then(
      (result) => this.push(result.done ? null : result.value),
      (error: unknown) => this.destroy(error instanceof Error ? error : new Error('Event stream failed')),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.onClose(); // first: it ends whatever the pending next() waits on
    this.source.return(undefined).catch(() => undefined); // then the generator's finally blocks run
    callback(error);
  }
}

/**
 * Each event as one `data:` line of JSON, then `data: [DONE]`. `onClose` runs when the stream ends
 * or is destroyed (Nest destroys it when the client disconnects).
 */
export function toEventStream(events: AsyncIterable<object>, onClose: () => void): Readable {
  return new EventStream(frames(events), onClose);
}
