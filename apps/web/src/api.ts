/**
 * The API client of the page: tokens in sessionStorage (a reload keeps the session, closing the tab
 * ends it, and no other site can read them), refreshed shortly before they expire, one refresh at a
 * time; errors carry the API's `detail` as a readable message.
 */
const STORAGE_KEY = 'recway.sesion';
const API = '/api/v1';
/** Refresh this long before expiry (a fifth of the lifetime for tokens shorter than 5 minutes). */
const REFRESH_MARGIN_MS = 60_000;

interface StoredSession {
  access: string;
  refresh: string;
  /** Epoch ms from which the access token is refreshed before use (shortly before it expires). */
  refreshAt: number;
}

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(describeDetail(status, detail));
  }
}

/** FastAPI-style `detail`: a sentence, or a list of {loc, msg} (one line each). */
export function describeDetail(status: number, detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item: { loc?: unknown[]; msg?: string }) => `${(item.loc ?? []).slice(1).join('.')}: ${item.msg ?? ''}`)
      .join('\n');
  }
  return `HTTP ${status}`;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent as is (a File, a CSV string) with this Content-Type, instead of JSON. */
  rawBody?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
}

export class Api {
  private session: StoredSession | null = readSession();
  private refreshing: Promise<void> | null = null;
  private timer: number | undefined;
  /** Called when the session ends (sign-out, or a refresh the server refused). */
  onSignedOut: () => void = () => undefined;

  constructor() {
    this.scheduleRefresh();
  }

  get signedIn(): boolean {
    return this.session !== null;
  }

  get accessToken(): string | null {
    return this.session?.access ?? null;
  }

  async signIn(email: string, password: string): Promise<void> {
    const tokens = await this.send<TokenResponse>('/auth/login', { method: 'POST', body: { email, password } }, false);
    this.store(tokens.data);
  }

  async signOut(): Promise<void> {
    const refresh = this.session?.refresh;
    if (refresh)
      await this.request('/auth/logout', { method: 'POST', body: { refresh_token: refresh } }).catch(() => {});
    this.clear();
  }

  /** JSON of a signed-in request; refreshes the token first when it is about to expire. */
  async get<T>(path: string): Promise<T> {
    return (await this.request<T>(path)).data;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<{ data: T; response: Response }> {
    await this.freshToken();
    try {
      return await this.send<T>(path, options, true);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || !this.session) throw error;
      await this.refresh();
      return this.send<T>(path, options, true);
    }
  }

  /** The access token, refreshed first when it is about to expire (the live channel signs in with it). */
  async currentToken(): Promise<string | null> {
    await this.freshToken();
    return this.session?.access ?? null;
  }

  /** For fetches the page makes itself (the AI stream). */
  async authorization(): Promise<Record<string, string>> {
    const token = await this.currentToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  private async send<T>(
    path: string,
    options: RequestOptions,
    signed: boolean,
  ): Promise<{ data: T; response: Response }> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (signed && this.session) headers.Authorization = `Bearer ${this.session.access}`;
    let body: BodyInit | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    } else if (options.contentType) {
      headers['Content-Type'] = options.contentType;
    }
    const response = await fetch(`${API}${path}`, { method: options.method ?? 'GET', headers, body });
    const text = await response.text();
    const data: unknown = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (!response.ok) throw new ApiError(response.status, (data as { detail?: unknown })?.detail ?? data);
    return { data: data as T, response };
  }

  private async freshToken(): Promise<void> {
    if (this.session && Date.now() >= this.session.refreshAt) await this.refresh();
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.exchangeRefreshToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async exchangeRefreshToken(): Promise<void> {
    const refresh = this.session?.refresh;
    if (!refresh) return;
    try {
      const tokens = await this.send<TokenResponse>(
        '/auth/refresh',
        { method: 'POST', body: { refresh_token: refresh } },
        false,
      );
      this.store(tokens.data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.clear();
      throw error;
    }
  }

  private store(tokens: TokenResponse): void {
    const lifetime = tokens.expires_in * 1000;
    this.session = {
      access: tokens.access_token,
      refresh: tokens.refresh_token,
      refreshAt: Date.now() + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 5),
    };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.session));
    this.scheduleRefresh();
  }

  private clear(): void {
    this.session = null;
    sessionStorage.removeItem(STORAGE_KEY);
    window.clearTimeout(this.timer);
    this.onSignedOut();
  }

  /** Refreshes ahead of expiry, so the tiles and the live channel never hold an expired token. */
  private scheduleRefresh(): void {
    window.clearTimeout(this.timer);
    if (!this.session) return;
    const delay = Math.max(0, this.session.refreshAt - Date.now());
    this.timer = window.setTimeout(() => void this.refresh().catch(() => undefined), delay);
  }
}

function readSession(): StoredSession | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as StoredSession | null;
    const valid = stored && typeof stored.access === 'string' && typeof stored.refresh === 'string';
    return valid && typeof stored.refreshAt === 'number' ? stored : null;
  } catch {
    return null;
  }
}
