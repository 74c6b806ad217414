// Accounts: login, cookies, CSRF, password change, API tokens, throttling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, PASSWORD, ADMIN_PASSWORD } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must } from './proposal_steps.mjs';

let server, f;
before(async () => { server = await startServer(); f = await makeFixture(server); });
after(async () => { await server?.stop(); });

test('login: the session cookie is HttpOnly, SameSite=Strict, and the same message for any failure', async () => {
  const c = server.client();
  const r = await c.post('/api/v1/auth/login', { username: 'member3', password: PASSWORD });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^yz_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  assert.doesNotMatch(cookie, /Secure/, 'Secure only with --secure-cookies (behind TLS)');
  assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
  assert.equal(r.body.user.password_hash, undefined);
  const wrong = expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'member3', password: 'nope-nope1' }), 401, 'invalid_credentials');
  const unknown = expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'nobody_here', password: 'nope-nope1' }), 401, 'invalid_credentials');
  assert.equal(wrong.message, unknown.message, 'does not tell which part was wrong');
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'member3' }), 422, 'required');
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'member3', password: PASSWORD, extra: 1 }), 400, 'unknown_field');
  expectError(assert, await server.client().get('/api/v1/auth/me'), 401, 'unauthenticated');
});

test('a session id chosen by someone else is never adopted (fixation)', async () => {
  const c = server.client();
  c.cookie = 'yz_session=' + 'a'.repeat(64);
  expectError(assert, await c.get('/api/v1/auth/me'), 401);
  await c.login('member4');
  assert.notEqual(c.cookie, 'yz_session=' + 'a'.repeat(64));
  must(await c.get('/api/v1/auth/me'), 'me');
});

test('logout ends the session on the server, not only in the browser', async () => {
  const c = await server.login('member4');
  const stolen = c.cookie;
  must(await c.post('/api/v1/auth/logout'), 'logout');
  const replay = server.client();
  replay.cookie = stolen;
  expectError(assert, await replay.get('/api/v1/auth/me'), 401, 'unauthenticated');
});

test('password change: old password checked, policy applied, every session ended', async () => {
  const a = await server.login('member5'), b = await server.login('member5');
  expectError(assert, await a.post('/api/v1/auth/password', { old_password: 'wrong-one1', new_password: 'NewPass123' }), 422, 'wrong_password');
  expectError(assert, await a.post('/api/v1/auth/password', { old_password: PASSWORD, new_password: 'short' }), 422, 'weak_password');
  expectError(assert, await a.post('/api/v1/auth/password', { old_password: PASSWORD, new_password: 'onlyletters' }), 422, 'weak_password');
  must(await b.get('/api/v1/auth/me'), 'b still in after refused changes');
  must(await a.post('/api/v1/auth/password', { old_password: PASSWORD, new_password: 'NewPass123' }), 'change');
  expectError(assert, await a.get('/api/v1/auth/me'), 401);
  expectError(assert, await b.get('/api/v1/auth/me'), 401, 'unauthenticated');
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'member5', password: PASSWORD }), 401);
  const again = await server.login('member5', 'NewPass123');
  must(await again.post('/api/v1/auth/password', { old_password: 'NewPass123', new_password: PASSWORD }), 'change back');
});

test('API tokens: shown once, work without CSRF, listed without the secret, revocable', async () => {
  const created = must(await f.u.pstaff.post('/api/v1/tokens', { name: '统计系统对接' }), 'create', 201);
  assert.match(created.token, /^yzt_[0-9a-f]{64}$/);
  const integ = server.client();
  integ.token = created.token;
  const list = must(await integ.get('/api/v1/proposals'), 'list with bearer');
  assert.equal(typeof list.total, 'number');
  must(await integ.post('/api/v1/handling-units', { name: '市数据局', kind: 'government' }), 'bearer write without CSRF', 201);
  const tokens = must(await f.u.pstaff.get('/api/v1/tokens'), 'tokens');
  assert.ok(tokens.items.some((t) => t.id === created.id && t.revoked === false && t.last_used_at > 0));
  assert.ok(tokens.items.every((t) => t.token === undefined && t.token_hash === undefined));
  expectError(assert, await f.u.m1.del(`/api/v1/tokens/${created.id}`), 404, 'not_found');   // not theirs
  must(await f.u.pstaff.del(`/api/v1/tokens/${created.id}`), 'revoke');
  expectError(assert, await integ.get('/api/v1/proposals'), 401, 'unauthenticated');
  const forged = server.client();
  forged.token = 'yzt_' + '0'.repeat(64);
  expectError(assert, await forged.get('/api/v1/auth/me'), 401);
});

test('throttling: five failures lock an account for everyone; many failures lock an address', async () => {
  for (let i = 0; i < 5; i++)
    expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'handler3', password: `bad-guess${i}` }), 401);
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'handler3', password: PASSWORD }), 429, 'too_many_attempts');
  must(await f.u.h3.get('/api/v1/auth/me'), 'an existing session is not ended by the lock');
  // the same address guessing across many accounts is stopped too
  let status = 0;
  for (let i = 0; i < 40 && status !== 429; i++)
    status = (await server.client().post('/api/v1/auth/login', { username: `guess${i}`, password: 'bad-guess0' })).status;
  assert.equal(status, 429);
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 429,
    'too_many_attempts');
});
