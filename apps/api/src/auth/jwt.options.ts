export const TOKEN_ALGORITHM = 'HS256';
export const TOKEN_AUDIENCE = 'api';
