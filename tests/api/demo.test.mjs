// The demo data set is what a newcomer sees first: it must obey every rule a
// real record does, in both bodies, and its figures must come out of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from './lib.mjs';
import { checkInvariants } from './invariants.mjs';

const PW = 'yizheng2026';
let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server?.stop(); });

test('the printed logins work, one per role', async () => {
  const out = cli(['demo', '--help']);
  assert.equal(out.status, 0);
  const roles = {};
  for (const u of ['admin', 'pstaff', 'cstaff01', 'info', 'leader', 'm0001', 'h06', 'county_admin']) {
    const c = await server.login(u, PW);
    roles[u] = c.user.role;
  }
  assert.deepEqual(roles, { admin: 'admin', pstaff: 'proposal_staff', cstaff01: 'committee_staff', info: 'info_staff',
    leader: 'leader', m0001: 'member', h06: 'unit_handler', county_admin: 'admin' });
});

test('every demo proposal of the city body keeps every invariant', async () => {
  const staff = await server.login('pstaff', PW);
  const n = await checkInvariants(staff);
  assert.ok(n > 550, `${n} proposals checked`);
  const s = (await staff.get('/api/v1/statistics')).body.figures;
  assert.ok(s.received.value > 550 && s.filed.value > 400, JSON.stringify(s.received));
  assert.ok(s.overdue.value > 0, 'some handling is overdue, so the deadline board has something to show');
  assert.ok(s.b_followup_done.value > 0 && s.b_followup_open.value > 0, 'B replies both under follow-up and reported done');
  const states = (await staff.get('/api/v1/proposals/queues')).body.states;
  for (const st of ['submitted', 'under_review', 'filed', 'assigned', 'handling', 'replied', 'rehandling', 'closed',
    'rejected', 'converted', 'withdrawn', 'merged'])
    assert.ok(states[st] > 0, `no demo proposal is ${st}`);
});

test('the county body: its own proposals only, and they keep every invariant', async () => {
  const county = await server.login('county_pstaff', PW);
  const n = await checkInvariants(county);
  assert.ok(n >= 20 && n < 40, `${n} county proposals`);
  const me = (await county.get('/api/v1/auth/me')).body;
  const list = (await county.get('/api/v1/proposals?page_size=200')).body.items;
  for (const p of list) assert.equal((await county.get(`/api/v1/proposals/${p.id}`)).body.body_id, me.body.id);
});
