import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api } from './api';
import { bandColours } from './bands';
import { ConnectionState } from './components/connection-state';
import { DataTools } from './components/data-tools';
import { Filters } from './components/filters';
import { LoginForm } from './components/login-form';
import { MapView } from './components/map-view';
import { NetworkSummary } from './components/network-summary';
import { PasswordChange } from './components/password-change';
import { SegmentDetail } from './components/segment-detail';
import { type SegmentFields, SegmentForm } from './components/segment-form';
import { SegmentList } from './components/segment-list';
import { type Language, language, setLanguage, t } from './i18n';
import { type ConnectionState as Connection, RealtimeClient, type RealtimeEvent } from './realtime';
import {
  EMPTY_FILTER,
  filterParams,
  type LineString,
  type MapConfig,
  type NetworkSummary as Summary,
  type Segment,
  type SegmentFilter,
  type User,
} from './types';

const api = new Api();
const LIST_LIMIT = 50;
/** Typing in the search box waits this long before the map, list and summary follow. */
const FILTER_DELAY_MS = 300;

export function App() {
  const [user, setUser] = useState<User | null>(null);
  const [checked, setChecked] = useState(!api.signedIn);
  const [, setLanguageState] = useState<Language>(language());

  const loadUser = () =>
    api
      .get<User>('/auth/me')
      .then(setUser)
      .catch(() => setUser(null))
      .finally(() => setChecked(true));

  useEffect(() => {
    api.onSignedOut = () => setUser(null);
    document.documentElement.lang = language();
    if (api.signedIn) void loadUser();
  }, []);

  const chooseLanguage = (next: Language) => {
    setLanguage(next);
    setLanguageState(next);
  };

  if (!checked) return <p class="centred">{t('loading')}</p>;
  if (!user) return <LoginForm api={api} onSignedIn={() => void loadUser()} />;
  if (user.must_change_password)
    return <PasswordChange api={api} email={user.email} onChanged={() => void loadUser()} />;
  return <Workspace user={user} onLanguage={chooseLanguage} />;
}

function Workspace({ user, onLanguage }: { user: User; onLanguage: (language: Language) => void }) {
  const canEdit = user.role === 'editor' || user.role === 'admin';
  const [config, setConfig] = useState<MapConfig | null>(null);
  const [filter, setFilter] = useState<SegmentFilter>(EMPTY_FILTER);
  const [filterQuery, setFilterQuery] = useState('');
  const [bands, setBands] = useState<string[]>([]);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [list, setList] = useState<{ items: Segment[]; total: number }>({ items: [], total: 0 });
  const [priorities, setPriorities] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [revision, setRevision] = useState(0);
  const [selectedRevision, setSelectedRevision] = useState(0);
  const [drawing, setDrawing] = useState(false);
  const [drawnLine, setDrawnLine] = useState<LineString | null>(null);
  const [formError, setFormError] = useState('');
  const [connection, setConnection] = useState<Connection>('connecting');
  const [notice, setNotice] = useState('');
  const colours = useMemo(() => bandColours(bands), [bands]);
  /** The live handler is made once; it reads the selection through this. */
  const selectedIdRef = useRef(selectedId);
  selectedIdRef.current = selectedId;

  useEffect(() => {
    void api.get<MapConfig>('/mapa/configuracion').then(setConfig);
  }, []);

  useEffect(() => {
    const timer = window.setTimeout(() => setFilterQuery(filterParams(filter).toString()), FILTER_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [filter]);

  // The summary and the list follow the filter, and every change (ours or a live one).
  useEffect(() => {
    const query = filterQuery ? `&${filterQuery}` : '';
    void api.get<Summary>(`/red/resumen?${filterQuery}`).then((next) => {
      setSummary(next);
      setBands(next.bandas.map((band) => band.banda));
    });
    const path = priorities ? '/red/prioridades' : '/segmentos/';
    const sort = priorities ? '' : '&sort=nombre';
    void api
      .request<Segment[]>(`${path}?limit=${LIST_LIMIT}${sort}${query}`)
      .then(({ data, response }) =>
        setList({ items: data, total: Number(response.headers.get('x-total-count') ?? data.length) }),
      );
  }, [filterQuery, priorities, revision]);

  useEffect(() => {
    const onEvent = (event: RealtimeEvent) => {
      setRevision((value) => value + 1);
      if (event.id !== null && event.id === selectedIdRef.current) setSelectedRevision((value) => value + 1);
      const name = (event.data as { nombre?: string } | null)?.nombre;
      if (name) setNotice(t('changedElsewhere', { nombre: name }));
    };
    const client = new RealtimeClient(api, '/ws', onEvent, setConnection);
    client.start();
    return () => client.stop();
  }, []);

  const changed = () => setRevision((value) => value + 1);

  const createSegment = async (fields: SegmentFields) => {
    try {
      const { data } = await api.request<Segment>('/segmentos/', { method: 'POST', body: fields });
      setDrawnLine(null);
      setFormError('');
      setSelectedId(data.id_segmento);
      changed();
    } catch (failure) {
      setFormError((failure as Error).message);
    }
  };

  const signOut = () => void api.signOut();

  return (
    <div class="layout">
      <header class="topbar">
        <h1>RecWay</h1>
        <ConnectionState state={connection} />
        <p class="notice" aria-live="polite" data-testid="live-notice">
          {notice}
        </p>
        <label class="inline">
          {t('language')}
          <select
            value={language()}
            onChange={(e) => onLanguage(e.currentTarget.value as Language)}
            data-testid="language"
          >
            <option value="es">Español</option>
            <option value="en">English</option>
          </select>
        </label>
        <span class="muted">{user.email}</span>
        <button type="button" class="secondary" onClick={signOut} data-testid="sign-out">
          {t('signOut')}
        </button>
      </header>
      <aside class="sidebar">
        <Filters filter={filter} bands={bands} colours={colours} onChange={setFilter} />
        <NetworkSummary summary={summary} colours={colours} />
        {canEdit && !drawnLine && (
          <section class="panel">
            <button type="button" aria-pressed={drawing} onClick={() => setDrawing(!drawing)} data-testid="add-segment">
              {drawing ? t('cancel') : t('addSegment')}
            </button>
            {drawing && <p class="muted">{t('drawHint')}</p>}
          </section>
        )}
        {drawnLine && (
          <SegmentForm
            title={t('addSegment')}
            line={drawnLine}
            error={formError}
            onSave={(fields) => void createSegment(fields)}
            onCancel={() => setDrawnLine(null)}
          />
        )}
        <DataTools api={api} canEdit={canEdit} filterQuery={filterQuery} onImported={changed} />
        <SegmentList
          segments={list.items}
          total={list.total}
          priorities={priorities}
          colours={colours}
          selectedId={selectedId}
          onPriorities={setPriorities}
          onSelect={setSelectedId}
        />
      </aside>
      <main class="main">
        {config && (
          <MapView
            api={api}
            config={config}
            filterQuery={filterQuery}
            colours={colours}
            selectedId={selectedId}
            revision={revision}
            drawing={drawing}
            onSelect={setSelectedId}
            onDrawn={(line) => {
              setDrawing(false);
              setDrawnLine(line);
            }}
          />
        )}
        {selectedId !== null && (
          <SegmentDetail
            api={api}
            id={selectedId}
            canEdit={canEdit}
            colours={colours}
            revision={selectedRevision}
            onChanged={changed}
            onDeleted={() => {
              setSelectedId(null);
              changed();
            }}
            onClose={() => setSelectedId(null)}
          />
        )}
      </main>
    </div>
  );
}
