/** What a bench's API call answers: the JSON body, and the session cookie a sign-in sets. */
export interface ApiAnswer {
  json: Record<string, unknown>;
  cookie: string | null;
}

export type ApiCall = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiAnswer>;

/** A JSON client for the desk at `base`; any answer but 2xx throws with its body. */
export function apiCaller(base: string): ApiCall {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return {
      json: (await response.json()) as Record<string, unknown>,
      cookie: response.headers.get('set-cookie'),
    };
  };
}

/** Signs in and makes an API token named `tokenName`: the header every later call sends. */
export async function bearerHeader(
  call: ApiCall,
  credentials: { email: string | undefined; password: string | undefined; tokenName: string },
): Promise<{ authorization: string }> {
  const login = await call('POST', '/api/v1/auth/login', {
    email: credentials.email,
    password: credentials.password,
  });
  const cookie = login.cookie?.split(';')[0] ?? '';
  const { token } = (await call('POST', '/api/v1/tokens', { name: credentials.tokenName }, { cookie }))
    .json as { token: string };
  return { authorization: `Bearer ${token}` };
}
