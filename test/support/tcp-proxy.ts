import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real service (PostgreSQL, Redis). `cut()` does to the app what a
 * service restart does: every open connection drops and new ones are refused; `restore()` brings the
 * service back on the same port. `hang()` is a service that stops answering but keeps connections
 * open (a stuck server, a dead network path); `resume()` ends it.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private hanging = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** `redis://host:port/db` or `postgresql://user@host:port/db` → the same URL through the proxy. */
  static async in(front: string): Promise<{ proxy: TcpProxy; url: string }> {
    const url = new URL(front);
    const proxy = new TcpProxy(url.hostname, Number(url.port));
    await proxy.restore();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    return { proxy, url: url.toString() };
  }

  async restore(): Promise<void> {
    this.server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject).listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
  }

  hang(): void {
    this.hanging = true;
    for (const socket of this.sockets) socket.pause();
  }

  resume(): void {
    this.hanging = false;
    for (const socket of this.sockets) socket.resume();
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
    if (this.hanging) for (const socket of [client, upstream]) socket.pause();
  }
}
