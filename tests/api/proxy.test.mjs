// Behind a reverse proxy (serve --trust-proxy): login throttling counts the
// client address the proxy appended to X-Forwarded-For, not the proxy's own.
// The addresses below are documentation ranges carried in a header; no traffic goes to them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, ADMIN_PASSWORD } from './lib.mjs';

let server;
before(async () => { server = await startServer({ extraArgs: ['--trust-proxy'] }); });
after(async () => { await server?.stop(); });

const login = (ip, username, password) =>
  server.client().post('/api/v1/auth/login', { username, password }, { headers: { 'X-Forwarded-For': ip } });

test('one client guessing is stopped without locking out the rest of the office', async () => {
  let status = 0;
  for (let i = 0; i < 40 && status !== 429; i++) status = (await login('198.51.100.7', `guess${i}`, 'bad-guess0')).status;
  assert.equal(status, 429, 'the guessing address is throttled');
  expectError(assert, await login('198.51.100.7', 'admin', ADMIN_PASSWORD), 429, 'too_many_attempts');
  assert.equal((await login('198.51.100.8', 'admin', ADMIN_PASSWORD)).status, 200, 'another client behind the same proxy');
  // only the entry the proxy appended counts: a client cannot pose as someone else
  expectError(assert, await login('198.51.100.8, 198.51.100.7', 'admin', ADMIN_PASSWORD), 429, 'too_many_attempts');
  assert.equal((await login('198.51.100.7, 198.51.100.9', 'admin', ADMIN_PASSWORD)).status, 200);
});
