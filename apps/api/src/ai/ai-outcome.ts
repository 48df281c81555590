/** Who wrote the answer: the model, or RecWay's fixed fallback text. */
export type AiSource = 'ai' | 'fallback';

/**
 * Why a request ended as it did; a small fixed set, so it can label a metric. `client_closed` is a
 * caller that left before the end; `user_budget_spent` is one user's share of the budget used up.
 */
export type AiCause =
  | 'ok'
  | 'no_api_key'
  | 'budget_spent'
  | 'user_budget_spent'
  | 'no_slot'
  | 'timeout'
  | 'upstream_error'
  | 'client_closed';

export type AiFallbackCause = Exclude<AiCause, 'ok'>;

/** The FastAPI system's fallback texts (seed 003 §6, FallbackService), keyed as it keyed them. */
export const FALLBACK_MESSAGES = {
  ai_unavailable: 'El servicio de IA no está disponible temporalmente. Intente más tarde.',
  processing_error: 'Ocurrió un error procesando su solicitud. Intente nuevamente.',
  timeout_error: 'La solicitud tardó demasiado tiempo. Intente con una consulta más corta.',
} as const;

/** No key, no budget or no free slot: the service is unavailable; a timeout and an error say so. */
export function fallbackMessage(cause: AiFallbackCause): string {
  if (cause === 'timeout') return FALLBACK_MESSAGES.timeout_error;
  if (cause === 'upstream_error' || cause === 'client_closed') return FALLBACK_MESSAGES.processing_error;
  return FALLBACK_MESSAGES.ai_unavailable;
}
