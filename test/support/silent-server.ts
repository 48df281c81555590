import { createServer } from 'node:net';

export interface SilentServer {
  /** `redis://127.0.0.1:<port>`: a Redis URL whose server never answers. */
  redisUrl: string;
  close(): void;
}

/** Accepts connections and never answers: the worst case for a client without timeouts. */
export async function startSilentServer(): Promise<SilentServer> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { redisUrl: `redis://127.0.0.1:${port}`, close: () => server.close() };
}
