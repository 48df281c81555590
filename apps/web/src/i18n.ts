/** The page's words: Spanish (the users') and English. Keys are English; missing English falls back to Spanish. */
const es = {
  title: 'RecWay — red vial',
  language: 'Idioma',
  signIn: 'Ingresar',
  signOut: 'Salir',
  email: 'Correo electrónico',
  password: 'Contraseña',
  signInFailed: 'No se pudo ingresar',
  changePasswordTitle: 'Cambie su contraseña',
  changePasswordWhy: 'Es su primer ingreso: elija una contraseña nueva para continuar.',
  currentPassword: 'Contraseña actual',
  newPassword: 'Contraseña nueva',
  save: 'Guardar',
  cancel: 'Cancelar',
  delete: 'Eliminar',
  edit: 'Editar',
  close: 'Cerrar',
  filters: 'Filtros',
  search: 'Buscar (nombre o ubicación)',
  bands: 'Bandas de condición',
  iriMin: 'IRI mínimo (m/km)',
  iriMax: 'IRI máximo (m/km)',
  surveyedSince: 'Inspeccionado desde',
  surveyState: 'Inspección',
  any: 'Todos',
  surveyedOnly: 'Solo inspeccionados',
  unsurveyedOnly: 'Sin inspección',
  clearFilters: 'Limpiar filtros',
  summary: 'Resumen de la red',
  unsurveyed: 'Sin inspección',
  total: 'Total',
  segments: 'segmentos',
  list: 'Segmentos',
  priorities: 'Prioridades',
  allSegments: 'Todos',
  noSegments: 'Ningún segmento cumple el filtro',
  showing: 'Mostrando {shown} de {total}',
  details: 'Detalle del segmento',
  location: 'Ubicación',
  description: 'Descripción',
  length: 'Longitud',
  condition: 'Condición',
  surveys: 'Inspecciones',
  noSurveys: 'Sin inspecciones',
  date: 'Fecha',
  method: 'Método',
  iriOverTime: 'IRI por inspección',
  iriAlong: 'IRI por tramo del perfil ({fecha})',
  addSurvey: 'Agregar inspección',
  uploadProfile: 'Subir perfil (CSV)',
  profileInterval: 'Tramo (m)',
  addSegment: 'Nuevo segmento',
  drawHint: 'Haga clic en el mapa para trazar la vía; Enter o clic en el último punto para terminar.',
  name: 'Nombre',
  import: 'Importar CSV/GeoJSON',
  imported: '{n} segmentos importados',
  export: 'Exportar',
  conflict:
    'Otra persona modificó este segmento mientras usted lo editaba. Abajo está la versión actual; sus cambios siguen en el formulario y, al guardar de nuevo, la reemplazarán.',
  confirmDelete: '¿Eliminar el segmento «{nombre}»?',
  assistant: 'Asistente',
  ask: 'Preguntar',
  askPlaceholder: 'Pregunte sobre este segmento',
  live: 'En vivo',
  connecting: 'Conectando…',
  offline: 'Sin conexión en vivo',
  changedElsewhere: 'Actualizado: {nombre}',
  map: 'Mapa de la red vial',
  noBasemap: 'Sin mapa base',
  loading: 'Cargando…',
  error: 'Error',
};

export type MessageKey = keyof typeof es;
export type Language = 'es' | 'en';

const en: Partial<Record<MessageKey, string>> = {
  title: 'RecWay — road network',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  email: 'Email',
  password: 'Password',
  signInFailed: 'Could not sign in',
  changePasswordTitle: 'Change your password',
  changePasswordWhy: 'This is your first sign-in: choose a new password to go on.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  save: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  edit: 'Edit',
  close: 'Close',
  filters: 'Filters',
  search: 'Search (name or place)',
  bands: 'Condition bands',
  iriMin: 'Minimum IRI (m/km)',
  iriMax: 'Maximum IRI (m/km)',
  surveyedSince: 'Surveyed since',
  surveyState: 'Survey',
  any: 'All',
  surveyedOnly: 'Surveyed only',
  unsurveyedOnly: 'Never surveyed',
  clearFilters: 'Clear filters',
  summary: 'Network summary',
  unsurveyed: 'Not surveyed',
  total: 'Total',
  segments: 'segments',
  list: 'Segments',
  priorities: 'Priorities',
  allSegments: 'All',
  noSegments: 'No segment matches the filter',
  showing: 'Showing {shown} of {total}',
  details: 'Segment details',
  location: 'Place',
  description: 'Description',
  length: 'Length',
  condition: 'Condition',
  surveys: 'Surveys',
  noSurveys: 'No surveys',
  date: 'Date',
  method: 'Method',
  iriOverTime: 'IRI per survey',
  iriAlong: 'IRI per profile section ({fecha})',
  addSurvey: 'Add survey',
  uploadProfile: 'Upload profile (CSV)',
  profileInterval: 'Section (m)',
  addSegment: 'New segment',
  drawHint: 'Click on the map to draw the road; Enter or click the last point to finish.',
  name: 'Name',
  import: 'Import CSV/GeoJSON',
  imported: '{n} segments imported',
  export: 'Export',
  conflict:
    'Someone else changed this segment while you were editing it. The current version is below; your changes are still in the form, and saving again replaces it.',
  confirmDelete: 'Delete the segment “{nombre}”?',
  assistant: 'Assistant',
  ask: 'Ask',
  askPlaceholder: 'Ask about this segment',
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Live updates off',
  changedElsewhere: 'Updated: {nombre}',
  map: 'Road network map',
  noBasemap: 'No basemap',
  loading: 'Loading…',
  error: 'Error',
};

const LANGUAGE_KEY = 'recway.idioma';
let current: Language = (localStorage.getItem(LANGUAGE_KEY) as Language | null) ?? 'es';

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next;
}

/** The message in the current language, with {name} placeholders filled in. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = (current === 'en' ? en[key] : undefined) ?? es[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** Band names are configuration (CONDITION_BANDS): shown as written, with underscores as spaces. */
export function bandLabel(banda: string): string {
  return banda.replace(/_/g, ' ');
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString(current === 'en' ? 'en' : 'es-CO', { maximumFractionDigits: digits });
}
