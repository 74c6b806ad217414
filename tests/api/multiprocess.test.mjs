// Several stateless servers over one database: sessions, counters and login
// throttling live in the database, so any process can serve any request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, PASSWORD } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, draft, act, submit } from './proposal_steps.mjs';

let server, second, f;
before(async () => { server = await startServer(); f = await makeFixture(server); second = await server.another(); });
after(async () => { await server?.stop(); });

test('a session made on one process works on the other; logout ends it everywhere', async () => {
  const onB = second.client();
  onB.cookie = f.u.m1.cookie;
  onB.csrf = f.u.m1.csrf;
  const me = must(await onB.get('/api/v1/auth/me'), 'me on B');
  assert.equal(me.user.username, 'member1');
  const p = must(await onB.post('/api/v1/proposals', {
    title: '关于在第二台服务器上提交提案的建议', analysis: '多进程部署。', suggestions: '一是共享会话。', category: 'other',
  }), 'create on B', 201);
  must(await f.u.m1.get(`/api/v1/proposals/${p.id}`), 'read on A');
  const temp = second.client();
  await temp.login('member2', PASSWORD);
  const onA = server.client();
  onA.cookie = temp.cookie;
  onA.csrf = temp.csrf;
  must(await onA.post('/api/v1/auth/logout'), 'logout on A');
  expectError(assert, await temp.get('/api/v1/auth/me'), 401, 'unauthenticated');
});

test('filing numbers stay unique when two processes file at once', async () => {
  const ready = [];
  for (let i = 0; i < 8; i++) {
    let p = await submit(f.u.m1, await draft(f.u.m1));
    p = await act(f.u.cstaffEcon, p, 'review_pass');
    ready.push(await act(f.u.pstaff, p, 'review_pass'));
  }
  const leaderB = second.client();
  leaderB.cookie = f.u.leader.cookie;
  leaderB.csrf = f.u.leader.csrf;
  const filed = await Promise.all(ready.map((p, i) => act(i % 2 ? leaderB : f.u.leader, p, 'review_pass')));
  const numbers = filed.map((p) => p.number);
  assert.equal(new Set(numbers).size, numbers.length, `duplicate numbers: ${numbers}`);
});

test('login throttling is shared: failures on both processes add up', async () => {
  const a = server.client(), b = second.client();
  for (let i = 0; i < 5; i++) {
    const c = i % 2 ? b : a;
    expectError(assert, await c.post('/api/v1/auth/login', { username: 'member5', password: 'wrong-password' }), 401, 'invalid_credentials');
  }
  expectError(assert, await a.post('/api/v1/auth/login', { username: 'member5', password: PASSWORD }), 429, 'too_many_attempts');
  expectError(assert, await b.post('/api/v1/auth/login', { username: 'member5', password: PASSWORD }), 429, 'too_many_attempts');
});
