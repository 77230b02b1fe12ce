/**
 * The dashboard's calls to the API's authentication, user and API-key endpoints, in the shape
 * of `queries`/`mutations` in ../api.ts.
 */
import type { AuditList, AuditQuery } from '@tfbench/contract';
import { apiRequest, type Query, queryString } from '../api';
import type {
  ApiKey,
  ApiKeyInput,
  AuthStatus,
  CreatedApiKey,
  Credentials,
  Me,
  Role,
  User,
  UserInput,
} from './types';

const query = <T>(path: string): Query<T> => ({ path });

export const authQueries = {
  users: () => query<{ items: User[] }>('/users'),
  apiKeys: () => query<{ items: ApiKey[] }>('/api-keys'),
  audit: (params: AuditQuery = {}) => query<AuditList>(`/audit${queryString(params)}`),
};

const data = <T>(result: Promise<{ data: T }>): Promise<T> => result.then((r) => r.data);
const done = (result: Promise<unknown>): Promise<void> => result.then(() => undefined);

export const authCalls = {
  status: () => data(apiRequest<AuthStatus>('GET', '/auth/status')),
  me: () => data(apiRequest<Me>('GET', '/auth/me')),
  signIn: (body: Credentials) => data(apiRequest<{ user: User }>('POST', '/auth/login', body)),
  setUp: (body: Credentials & { setup_token?: string }) =>
    data(apiRequest<{ user: User }>('POST', '/auth/setup', body)),
  signOut: () => done(apiRequest('POST', '/auth/logout')),
  signOutEverywhere: () => done(apiRequest('POST', '/auth/logout-all')),
  createUser: (body: UserInput) => data(apiRequest<User>('POST', '/users', body)),
  changeRole: (id: number, role: Role) => data(apiRequest<User>('PATCH', `/users/${id}`, { role })),
  resetPassword: (id: number, password: string) =>
    done(apiRequest('POST', `/users/${id}/password`, { password })),
  deleteUser: (id: number) => done(apiRequest('DELETE', `/users/${id}`)),
  createApiKey: (body: ApiKeyInput) => data(apiRequest<CreatedApiKey>('POST', '/api-keys', body)),
  revokeApiKey: (id: number) => done(apiRequest('DELETE', `/api-keys/${id}`)),
};
