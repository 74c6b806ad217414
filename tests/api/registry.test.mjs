// Registry API: bodies, terms, sessions, sectors, committees, participating and
// handling units, members (with CSV import), studios; roles and the wall between bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, ok, PASSWORD } from './lib.mjs';
import { makeFixture } from './fixture.mjs';

let server, f;

before(async () => {
  server = await startServer();
  f = await makeFixture(server);
});
after(async () => { await server?.stop(); });

const total = async (client, path) => ok(assert, await client.get(path), 200).total;

test('fixture shape', () => {
  assert.equal(f.sectors.length, 3);
  assert.deepEqual(f.sectors.map((s) => s.name), ['经济界', '教育界', '特邀香港人士']);
  assert.equal(f.members.length, 5);
  assert.equal(f.units.length, 3);
  assert.equal(f.partUnits.length, 2);
  assert.ok(f.committees.proposal.id && f.committees.economy.id && f.committees.society.id);
  assert.ok(f.sessionId > 0 && f.county.sessionId > 0 && f.county.sessionId !== f.sessionId);
  assert.equal(f.u.m1.user.member_id, f.members[0].id);
  assert.equal(f.u.h2.user.unit_id, f.units[1].id);
  assert.equal(f.u.cstaffSoc.user.committee_id, f.committees.society.id);
  assert.equal(f.county.u.member.user.body_id, f.county.bodyId);
  assert.equal(f.county.u.handler.user.unit_id, f.county.unitId);
});

test('sectors: create, get, list, update, deactivate, reactivate', async () => {
  const s = ok(assert, await f.admin.post('/api/v1/sectors', { name: '  文化艺术界 ', sort: 9 }), 201);
  assert.equal(s.name, '文化艺术界', 'name is trimmed');
  assert.equal(s.sort, 9);
  assert.equal(s.version, 1);
  assert.equal(s.active, true);
  assert.equal(s.body_id, f.bodyId);
  const got = ok(assert, await f.u.m1.get(`/api/v1/sectors/${s.id}`), 200);
  assert.deepEqual(got, s);

  const list = ok(assert, await f.u.h1.get('/api/v1/sectors'), 200);
  assert.equal(list.total, 4);
  assert.deepEqual(list.items.map((x) => x.name), ['经济界', '教育界', '特邀香港人士', '文化艺术界'], 'ordered by sort');
  assert.equal(list.page, 1);
  assert.equal(list.page_size, 20);

  const up = ok(assert, await f.admin.patch(`/api/v1/sectors/${s.id}`, { name: '文化界', version: 1 }), 200);
  assert.equal(up.name, '文化界');
  assert.equal(up.sort, 9);
  assert.equal(up.version, 2);

  ok(assert, await f.admin.del(`/api/v1/sectors/${s.id}`), 200);
  assert.equal(await total(f.admin, '/api/v1/sectors'), 3);
  const inactive = ok(assert, await f.admin.get('/api/v1/sectors?active=0'), 200);
  assert.deepEqual(inactive.items.map((x) => x.id), [s.id]);
  assert.equal(inactive.items[0].active, false);
  assert.equal(await total(f.admin, '/api/v1/sectors?active=all'), 4);
  const gone = ok(assert, await f.admin.get(`/api/v1/sectors/${s.id}`), 200);
  assert.equal(gone.active, false, 'deactivated, not deleted');

  const back = ok(assert, await f.admin.patch(`/api/v1/sectors/${s.id}`, { active: true, version: gone.version }), 200);
  assert.equal(back.active, true);
  assert.equal(await total(f.admin, '/api/v1/sectors'), 4);
  expectError(assert, await f.admin.get('/api/v1/sectors?active=yes'), 400, 'invalid_query');
});

test('sectors: filters and pagination', async () => {
  const q = ok(assert, await f.admin.get('/api/v1/sectors?q=' + encodeURIComponent('教育')), 200);
  assert.deepEqual(q.items.map((x) => x.name), ['教育界']);
  assert.equal((await f.admin.get('/api/v1/sectors?q=' + encodeURIComponent('%'))).body.total, 0, 'LIKE wildcards are literal');
  const p1 = ok(assert, await f.admin.get('/api/v1/sectors?page_size=2&page=1'), 200);
  const p2 = ok(assert, await f.admin.get('/api/v1/sectors?page_size=2&page=2'), 200);
  assert.equal(p1.items.length, 2);
  assert.equal(p1.total, p2.total);
  assert.equal(p2.page, 2);
  assert.equal(p2.items.length, p1.total - 2);
  assert.ok(!p2.items.some((x) => p1.items.find((y) => y.id === x.id)), 'pages do not overlap');
  expectError(assert, await f.admin.get('/api/v1/sectors?page_size=500'), 400, 'invalid_query');
  expectError(assert, await f.admin.get('/api/v1/sectors?page=x'), 400, 'invalid_query');
});

test('sectors: validation errors write nothing', async () => {
  const before = await total(f.admin, '/api/v1/sectors?active=all');
  let e = expectError(assert, await f.admin.post('/api/v1/sectors', { name: '新界别', colour: 'red' }), 400, 'unknown_field');
  assert.equal(e.field, 'colour');
  e = expectError(assert, await f.admin.post('/api/v1/sectors', { name: 42 }), 400, 'invalid_type');
  assert.equal(e.field, 'name');
  e = expectError(assert, await f.admin.post('/api/v1/sectors', { sort: 1 }), 422, 'required');
  assert.equal(e.field, 'name');
  e = expectError(assert, await f.admin.post('/api/v1/sectors', { name: '   ' }), 422, 'required');
  e = expectError(assert, await f.admin.post('/api/v1/sectors', { name: '界'.repeat(41) }), 422, 'too_long');
  assert.equal(e.field, 'name');
  expectError(assert, await f.admin.post('/api/v1/sectors', { name: '经济界' }), 409, 'conflict');
  expectError(assert, await f.admin.post('/api/v1/sectors', { name: '换行\n界别' }), 400, 'invalid_text');
  expectError(assert, await f.admin.post('/api/v1/sectors', { name: '界别', sort: 'a' }), 400, 'invalid_type');
  const r = await f.admin.req('POST', '/api/v1/sectors', '{"name":', { headers: { 'Content-Type': 'application/json' } });
  expectError(assert, r, 400, 'invalid_json');
  assert.equal(await total(f.admin, '/api/v1/sectors?active=all'), before);
});

test('sectors: stale version answers 409 and changes nothing', async () => {
  const s = ok(assert, await f.admin.post('/api/v1/sectors', { name: '科技界' }), 201);
  ok(assert, await f.admin.patch(`/api/v1/sectors/${s.id}`, { sort: 5, version: 1 }), 200);
  const e = expectError(assert, await f.admin.patch(`/api/v1/sectors/${s.id}`, { name: '科学技术界', version: 1 }), 409, 'stale_version');
  assert.equal(e.field, 'version');
  const now = ok(assert, await f.admin.get(`/api/v1/sectors/${s.id}`), 200);
  assert.equal(now.name, '科技界');
  assert.equal(now.version, 2);
  expectError(assert, await f.admin.patch(`/api/v1/sectors/${s.id}`, { name: '科学技术界' }), 422, 'required');
  expectError(assert, await f.admin.patch(`/api/v1/sectors/${s.id}`, { name: '', version: 2 }), 422, 'required');
  expectError(assert, await f.admin.patch(`/api/v1/sectors/${s.id}`, { name: '经济界', version: 2 }), 409, 'conflict');
  expectError(assert, await f.admin.patch('/api/v1/sectors/999999', { name: 'x', version: 1 }), 404, 'not_found');
  expectError(assert, await f.admin.del('/api/v1/sectors/999999'), 404, 'not_found');
  assert.equal((await f.admin.get(`/api/v1/sectors/${s.id}`)).body.name, '科技界');
});

test('registry writes are admin only; reads open to every role', async () => {
  for (const c of [f.u.m1, f.u.pstaff, f.u.leader, f.u.h1, f.u.cstaffEcon, f.u.info]) {
    expectError(assert, await c.post('/api/v1/sectors', { name: '禁止界' }), 403, 'forbidden');
    expectError(assert, await c.post('/api/v1/committees', { name: '禁止委' }), 403, 'forbidden');
    expectError(assert, await c.patch(`/api/v1/sectors/${f.sectors[0].id}`, { name: '禁止', version: 1 }), 403, 'forbidden');
    expectError(assert, await c.del(`/api/v1/sectors/${f.sectors[0].id}`), 403, 'forbidden');
    expectError(assert, await c.post('/api/v1/members', { name: 'x' }), 403, 'forbidden');
    expectError(assert, await c.post('/api/v1/studios', { name: 'x', kind: 'studio' }), 403, 'forbidden');
    for (const path of ['/api/v1/sectors', '/api/v1/committees', '/api/v1/participating-units', '/api/v1/handling-units',
      '/api/v1/terms', '/api/v1/sessions', '/api/v1/studios', '/api/v1/bodies'])
      ok(assert, await c.get(path), 200);
  }
  expectError(assert, await server.client().get('/api/v1/sectors'), 401, 'unauthenticated');
  assert.equal(await total(f.admin, '/api/v1/sectors?q=' + encodeURIComponent('禁止')), 0);
});

test('committees', async () => {
  const c = ok(assert, await f.admin.post('/api/v1/committees', { name: '文化文史和学习委员会', is_proposal_committee: false }), 201);
  assert.equal(c.is_proposal_committee, false);
  const list = ok(assert, await f.u.m2.get('/api/v1/committees'), 200);
  assert.equal(list.items.find((x) => x.id === f.committees.proposal.id).is_proposal_committee, true);
  expectError(assert, await f.admin.post('/api/v1/committees', { name: '人资环委', is_proposal_committee: 1 }), 400, 'invalid_type');
  expectError(assert, await f.admin.post('/api/v1/committees', { name: '经济委员会' }), 409, 'conflict');
  const up = ok(assert, await f.admin.patch(`/api/v1/committees/${c.id}`, { name: '文史委', version: 1 }), 200);
  assert.equal(up.name, '文史委');
  assert.equal((await f.admin.get('/api/v1/committees?q=' + encodeURIComponent('文史'))).body.total, 1);
  ok(assert, await f.admin.del(`/api/v1/committees/${c.id}`), 200);
  assert.equal((await f.admin.get('/api/v1/committees?q=' + encodeURIComponent('文史'))).body.total, 0);
});

test('participating units', async () => {
  const p = ok(assert, await f.admin.post('/api/v1/participating-units', { name: '共青团测试市委', kind: 'organisation' }), 201);
  assert.equal(p.kind, 'organisation');
  const e = expectError(assert, await f.admin.post('/api/v1/participating-units', { name: '某单位', kind: 'club' }), 422, 'invalid_value');
  assert.equal(e.field, 'kind');
  expectError(assert, await f.admin.post('/api/v1/participating-units', { name: '某单位' }), 422, 'required');
  const parties = ok(assert, await f.u.m1.get('/api/v1/participating-units?kind=party'), 200);
  assert.deepEqual(parties.items.map((x) => x.name), ['民盟测试市委会']);
  const orgs = ok(assert, await f.u.m1.get('/api/v1/participating-units?kind=organisation'), 200);
  assert.equal(orgs.total, 2);
  ok(assert, await f.admin.patch(`/api/v1/participating-units/${p.id}`, { kind: 'sector_group', version: 1 }), 200);
  assert.equal((await f.admin.get(`/api/v1/participating-units/${p.id}`)).body.kind, 'sector_group');
});

test('handling units: proposal staff may write, others may not', async () => {
  const h = ok(assert, await f.u.pstaff.post('/api/v1/handling-units',
    { name: '市中级人民法院', kind: 'court', contact: '刘庭长', phone: '+86 571-1234 5678' }), 201);
  assert.equal(h.kind, 'court');
  assert.equal(h.contact, '刘庭长');
  const up = ok(assert, await f.u.pstaff.patch(`/api/v1/handling-units/${h.id}`, { phone: '0571-7777777', version: 1 }), 200);
  assert.equal(up.phone, '0571-7777777');
  assert.equal(up.version, 2);
  expectError(assert, await f.u.m1.post('/api/v1/handling-units', { name: '市检察院', kind: 'procuratorate' }), 403, 'forbidden');
  expectError(assert, await f.u.h1.patch(`/api/v1/handling-units/${h.id}`, { phone: '1', version: 2 }), 403, 'forbidden');
  expectError(assert, await f.u.leader.del(`/api/v1/handling-units/${h.id}`), 403, 'forbidden');
  let e = expectError(assert, await f.admin.post('/api/v1/handling-units', { name: '市检察院', kind: 'procuratorate', phone: '电话号码' }), 422, 'invalid_phone');
  assert.equal(e.field, 'phone');
  e = expectError(assert, await f.admin.post('/api/v1/handling-units', { name: '单'.repeat(81), kind: 'other' }), 422, 'too_long');
  expectError(assert, await f.admin.post('/api/v1/handling-units', { name: '市检察院', kind: 'police' }), 422, 'invalid_value');
  assert.equal((await f.admin.get('/api/v1/handling-units?q=' + encodeURIComponent('检察院'))).body.total, 0);
  const courts = ok(assert, await f.u.h1.get('/api/v1/handling-units?kind=court'), 200);
  assert.deepEqual(courts.items.map((x) => x.id), [h.id]);
  ok(assert, await f.u.pstaff.del(`/api/v1/handling-units/${h.id}`), 200);
  assert.equal((await f.admin.get('/api/v1/handling-units?kind=court')).body.total, 0);
});

test('terms and sessions', async () => {
  const terms = ok(assert, await f.admin.get('/api/v1/terms'), 200);
  assert.equal(terms.total, 1);
  const t = ok(assert, await f.admin.post('/api/v1/terms', { number: 2, name: '第二届', start_date: '2030-01-01', end_date: '2034-12-31' }), 201);
  assert.equal(t.number, 2);
  expectError(assert, await f.admin.post('/api/v1/terms', { number: 2, name: '重复', start_date: '2030-01-01', end_date: '2034-12-31' }), 409, 'conflict');
  expectError(assert, await f.admin.post('/api/v1/terms', { number: 3, name: '第三届', start_date: '2035-02-30', end_date: '2039-12-31' }), 400, 'invalid_date');
  let e = expectError(assert, await f.admin.post('/api/v1/terms', { number: 3, name: '第三届', start_date: '2039-01-01', end_date: '2035-12-31' }), 422, 'invalid_date_range');
  assert.equal(e.field, 'end_date');
  expectError(assert, await f.admin.post('/api/v1/terms', { number: 31, name: '第三十一届', start_date: '2035-01-01', end_date: '2039-12-31' }), 422, 'out_of_range');
  // A PATCH is checked against the stored other end of the range.
  expectError(assert, await f.admin.patch(`/api/v1/terms/${t.id}`, { end_date: '2029-12-31', version: 1 }), 422, 'invalid_date_range');

  const s = ok(assert, await f.admin.post('/api/v1/sessions',
    { term_id: t.id, number: 1, year: 2030, name: '二届一次会议', start_date: '2030-01-10', end_date: '2030-01-14' }), 201);
  assert.equal(s.term_id, t.id);
  assert.equal(s.term_name, '第二届');
  const byTerm = ok(assert, await f.u.m1.get(`/api/v1/sessions?term_id=${t.id}`), 200);
  assert.deepEqual(byTerm.items.map((x) => x.id), [s.id]);
  assert.equal((await f.admin.get('/api/v1/sessions')).body.total, 2);
  e = expectError(assert, await f.admin.post('/api/v1/sessions',
    { term_id: 999999, number: 2, year: 2031, name: '二届二次会议', start_date: '2031-01-10', end_date: '2031-01-14' }), 422, 'invalid_reference');
  assert.equal(e.field, 'term_id');
  const countyTerm = ok(assert, await f.county.admin.get('/api/v1/terms'), 200).items[0];
  expectError(assert, await f.admin.post('/api/v1/sessions',
    { term_id: countyTerm.id, number: 2, year: 2031, name: '二届二次会议', start_date: '2031-01-10', end_date: '2031-01-14' }), 422, 'invalid_reference');
  expectError(assert, await f.admin.post('/api/v1/sessions',
    { term_id: t.id, number: 11, year: 2031, name: 'x', start_date: '2031-01-10', end_date: '2031-01-14' }), 422, 'out_of_range');
  assert.equal((await f.admin.get('/api/v1/sessions')).body.total, 2);

  // The current session (and its term) cannot be switched off.
  e = expectError(assert, await f.admin.del(`/api/v1/sessions/${f.sessionId}`), 422, 'in_use');
  const cur = ok(assert, await f.admin.get(`/api/v1/sessions/${f.sessionId}`), 200);
  assert.equal(cur.active, true);
  expectError(assert, await f.admin.patch(`/api/v1/sessions/${f.sessionId}`, { active: false, version: cur.version }), 422, 'in_use');
  expectError(assert, await f.admin.del(`/api/v1/terms/${cur.term_id}`), 422, 'in_use');
  ok(assert, await f.admin.del(`/api/v1/sessions/${s.id}`), 200);
  assert.equal((await f.admin.get(`/api/v1/sessions/${s.id}`)).body.active, false);
});

test('bodies: list, get, create child, patch own only', async () => {
  const list = ok(assert, await f.u.m1.get('/api/v1/bodies'), 200);
  assert.deepEqual(list.items.map((b) => b.id), [f.bodyId, f.county.bodyId]);
  const county = list.items[1];
  assert.equal(county.parent_id, f.bodyId);
  assert.equal(county.level, 'county');
  assert.equal(county.name, '测试县政协');
  assert.equal(county.current_session_id, f.county.sessionId);
  assert.equal(county.current_session_name, '八届三次会议');

  // The county sees itself only, not its parent.
  const clist = ok(assert, await f.county.admin.get('/api/v1/bodies'), 200);
  assert.deepEqual(clist.items.map((b) => b.id), [f.county.bodyId]);
  expectError(assert, await f.county.admin.get(`/api/v1/bodies/${f.bodyId}`), 404, 'not_found');
  expectError(assert, await f.county.admin.patch(`/api/v1/bodies/${f.bodyId}`, { name: 'x', version: 1 }), 404, 'not_found');
  ok(assert, await f.admin.get(`/api/v1/bodies/${f.county.bodyId}`), 200);

  // Only the body's own admin edits it.
  expectError(assert, await f.admin.patch(`/api/v1/bodies/${f.county.bodyId}`, { short_name: 'x', version: county.version }), 403, 'forbidden');
  expectError(assert, await f.county.u.leader.patch(`/api/v1/bodies/${f.county.bodyId}`, { short_name: 'x', version: county.version }), 403, 'forbidden');
  const own = ok(assert, await f.admin.get(`/api/v1/bodies/${f.bodyId}`), 200);
  const up = ok(assert, await f.admin.patch(`/api/v1/bodies/${f.bodyId}`, { short_name: '测试市', version: own.version }), 200);
  assert.equal(up.short_name, '测试市');
  assert.equal(up.version, own.version + 1);
  expectError(assert, await f.admin.patch(`/api/v1/bodies/${f.bodyId}`, { short_name: '旧', version: own.version }), 409, 'stale_version');
  let e = expectError(assert, await f.admin.patch(`/api/v1/bodies/${f.bodyId}`, { current_session_id: f.county.sessionId, version: up.version }), 422, 'invalid_reference');
  assert.equal(e.field, 'current_session_id');
  expectError(assert, await f.admin.patch(`/api/v1/bodies/${f.bodyId}`, { level: 'national', version: up.version }), 400, 'unknown_field');
  const after = ok(assert, await f.admin.get(`/api/v1/bodies/${f.bodyId}`), 200);
  assert.equal(after.current_session_id, f.sessionId);
  assert.equal(after.short_name, '测试市');

  // Switching the current session to another session of the body.
  const curSession = ok(assert, await f.admin.get(`/api/v1/sessions/${f.sessionId}`), 200);
  const s2 = ok(assert, await f.admin.post('/api/v1/sessions',
    { term_id: curSession.term_id, number: 2, year: 2099, name: '一届二次会议', start_date: '2099-01-01', end_date: '2099-12-31' }), 201);
  const sw = ok(assert, await f.admin.patch(`/api/v1/bodies/${f.bodyId}`, { current_session_id: s2.id, version: after.version }), 200);
  assert.equal(sw.current_session_id, s2.id);
  assert.equal(sw.current_session_name, '一届二次会议');
  ok(assert, await f.admin.patch(`/api/v1/bodies/${f.bodyId}`, { current_session_id: f.sessionId, version: sw.version }), 200);
  assert.equal((await f.admin.get('/api/v1/auth/me')).body.body.current_session_id, f.sessionId);
});

test('bodies: create validation and roles', async () => {
  const base = { name: '测试另一县政协', level: 'county', term_number: 5, session_number: 2, year: 2026,
    admin_username: 'county2_admin', admin_password: PASSWORD };
  expectError(assert, await f.u.pstaff.post('/api/v1/bodies', base), 403, 'forbidden');
  expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, name: '测试县政协' }), 409, 'conflict');
  let e = expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, admin_username: 'admin' }), 409, 'conflict');
  assert.equal(e.field, 'admin_username');
  e = expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, admin_password: 'short' }), 422, 'weak_password');
  assert.equal(e.field, 'admin_password');
  e = expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, level: 'city' }), 422, 'invalid_value');
  assert.equal(e.field, 'level');
  expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, level: 'village' }), 422, 'invalid_value');
  expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, term_number: 0 }), 422, 'out_of_range');
  expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, session_number: 11 }), 422, 'out_of_range');
  expectError(assert, await f.admin.post('/api/v1/bodies', { ...base, year: '2026' }), 400, 'invalid_type');
  const { admin_password, ...noPw } = base;
  void admin_password;
  expectError(assert, await f.admin.post('/api/v1/bodies', noPw), 422, 'required');
  // A county cannot create a body at its own level.
  expectError(assert, await f.county.admin.post('/api/v1/bodies', { ...base, name: '乡镇' }), 422, 'invalid_value');
  assert.equal(await total(f.admin, '/api/v1/bodies?active=all'), 2, 'nothing written');
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'county2_admin', password: PASSWORD }), 401);

  const b = ok(assert, await f.admin.post('/api/v1/bodies', base), 201);
  assert.equal(b.parent_id, f.bodyId);
  assert.equal(b.current_session_name, '五届二次会议');
  assert.equal(b.current_session_year, 2026);
  assert.ok(b.admin_user_id > 0);
  const a2 = await server.login('county2_admin', PASSWORD);
  assert.equal(a2.user.body_id, b.id);
  assert.equal(a2.user.role, 'admin');
  const terms = ok(assert, await a2.get('/api/v1/terms'), 200);
  assert.deepEqual(terms.items.map((t) => t.number), [5]);
  assert.equal((await a2.get('/api/v1/sectors')).body.total, 0, 'a new body starts with an empty registry');
});

test('members: create, get, list with names, update, deactivate', async () => {
  const body = {
    name: '周委员', gender: '女', ethnicity: '回族', party: '九三学社', sector_id: f.sectors[1].id,
    committee_id: f.committees.economy.id, standing: true, workplace: '市第一中学校长', phone: '138-0000-1111',
    email: 'zhou@example.cn', term_start: '2023-01-01', term_end: '2027-12-31', status: 'in_office', residence: '本市',
  };
  const m = ok(assert, await f.admin.post('/api/v1/members', body), 201);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(m[k], v, k);
  assert.equal(m.sector_name, '教育界');
  assert.equal(m.committee_name, '经济委员会');
  assert.equal(m.active, true);
  assert.equal(m.version, 1);

  const minimal = ok(assert, await f.admin.post('/api/v1/members',
    { name: '吴委员', gender: '男', party: '中共', sector_id: f.sectors[0].id, committee_id: f.committees.society.id }), 201);
  assert.equal(minimal.ethnicity, '汉族');
  assert.equal(minimal.standing, false);
  assert.equal(minimal.status, 'in_office');
  assert.equal(minimal.phone, '');

  const up = ok(assert, await f.admin.patch(`/api/v1/members/${m.id}`,
    { status: 'resigned', committee_id: f.committees.society.id, term_end: '', version: 1 }), 200);
  assert.equal(up.status, 'resigned');
  assert.equal(up.committee_name, '社会和法制委员会');
  assert.equal(up.term_end, '');
  assert.equal(up.name, '周委员');
  assert.equal(up.version, 2);

  expectError(assert, await f.admin.patch(`/api/v1/members/${m.id}`, { status: 'in_office', version: 1 }), 409, 'stale_version');
  assert.equal((await f.admin.get(`/api/v1/members/${m.id}`)).body.status, 'resigned');

  ok(assert, await f.admin.del(`/api/v1/members/${minimal.id}`), 200);
  const actives = ok(assert, await f.admin.get('/api/v1/members?page_size=200'), 200);
  assert.ok(!actives.items.some((x) => x.id === minimal.id));
  const inactive = ok(assert, await f.admin.get('/api/v1/members?active=0'), 200);
  assert.deepEqual(inactive.items.map((x) => x.id), [minimal.id]);
  const re = ok(assert, await f.admin.patch(`/api/v1/members/${minimal.id}`, { active: true, version: 2 }), 200);
  assert.equal(re.active, true);
  ok(assert, await f.admin.del(`/api/v1/members/${minimal.id}`), 200);
  ok(assert, await f.admin.del(`/api/v1/members/${m.id}`), 200);
  assert.equal(await total(f.admin, '/api/v1/members'), 5);
});

test('members: validation and references write nothing', async () => {
  const before = await total(f.admin, '/api/v1/members?active=all');
  const good = { name: '郑委员', gender: '男', party: '民革', sector_id: f.sectors[0].id, committee_id: f.committees.economy.id };
  const cases = [
    [{ ...good, name: undefined }, 422, 'required', 'name'],
    [{ ...good, sector_id: undefined }, 422, 'required', 'sector_id'],
    [{ ...good, committee_id: undefined }, 422, 'required', 'committee_id'],
    [{ ...good, gender: '未知' }, 422, 'invalid_value', 'gender'],
    [{ ...good, party: '民主党' }, 422, 'invalid_value', 'party'],
    [{ ...good, status: 'dead' }, 422, 'invalid_value', 'status'],
    [{ ...good, standing: 'yes' }, 400, 'invalid_type', 'standing'],
    [{ ...good, sector_id: '1' }, 400, 'invalid_type', 'sector_id'],
    [{ ...good, name: '名'.repeat(41) }, 422, 'too_long', 'name'],
    [{ ...good, phone: 'abc123' }, 422, 'invalid_phone', 'phone'],
    [{ ...good, phone: '1'.repeat(21) }, 422, 'too_long', 'phone'],
    [{ ...good, email: 'no-at-sign' }, 422, 'invalid_email', 'email'],
    [{ ...good, term_start: '2023-13-01' }, 400, 'invalid_date', 'term_start'],
    [{ ...good, term_start: '2027-01-01', term_end: '2023-01-01' }, 422, 'invalid_date_range', 'term_end'],
    [{ ...good, sector_id: 999999 }, 422, 'invalid_reference', 'sector_id'],
    [{ ...good, sector_id: f.county.sectorId }, 422, 'invalid_reference', 'sector_id'],
    [{ ...good, committee_id: f.county.committeeId }, 422, 'invalid_reference', 'committee_id'],
    [{ ...good, nickname: '小郑' }, 400, 'unknown_field', 'nickname'],
  ];
  for (const [body, status, code, field] of cases) {
    const e = expectError(assert, await f.admin.post('/api/v1/members', body), status, code);
    assert.equal(e.field, field, JSON.stringify(body));
  }
  // An inactive sector cannot be chosen.
  const s = ok(assert, await f.admin.post('/api/v1/sectors', { name: '停用界' }), 201);
  ok(assert, await f.admin.del(`/api/v1/sectors/${s.id}`), 200);
  expectError(assert, await f.admin.post('/api/v1/members', { ...good, sector_id: s.id }), 422, 'invalid_reference');
  expectError(assert, await f.admin.patch(`/api/v1/members/${f.members[0].id}`, { sector_id: s.id, version: 1 }), 422, 'invalid_reference');
  assert.equal(await total(f.admin, '/api/v1/members?active=all'), before);
  const m1 = ok(assert, await f.admin.get(`/api/v1/members/${f.members[0].id}`), 200);
  assert.equal(m1.sector_id, f.sectors[0].id);
  assert.equal(m1.version, 1);
});

test('members: filters and pagination', async () => {
  const ids = async (qs) => ok(assert, await f.admin.get('/api/v1/members?' + qs), 200).items.map((m) => m.id);
  const [m1, m2, m3, m4, m5] = f.members.map((m) => m.id);
  assert.deepEqual(await ids(`sector_id=${f.sectors[0].id}`), [m1, m2]);
  assert.deepEqual(await ids(`committee_id=${f.committees.society.id}`), [m3, m4, m5]);
  assert.deepEqual(await ids('standing=1'), [m1]);
  assert.deepEqual(await ids('standing=0'), [m2, m3, m4, m5]);
  assert.deepEqual(await ids('party=' + encodeURIComponent('农工党')), [m4]);
  assert.deepEqual(await ids('status=in_office'), [m1, m2, m3, m4, m5]);
  assert.deepEqual(await ids('status=revoked'), []);
  assert.deepEqual(await ids('q=' + encodeURIComponent('港')), [m5]);
  assert.deepEqual(await ids(`sector_id=${f.sectors[1].id}&committee_id=${f.committees.society.id}`), [m3, m4]);
  const p = ok(assert, await f.admin.get('/api/v1/members?page_size=2&page=3'), 200);
  assert.equal(p.total, 5);
  assert.deepEqual(p.items.map((m) => m.id), [m5]);
  expectError(assert, await f.admin.get('/api/v1/members?standing=2'), 400, 'invalid_query');
  expectError(assert, await f.admin.get('/api/v1/members?sector_id=abc'), 400, 'invalid_query');
});

test('members: roles and privacy', async () => {
  const list = ok(assert, await f.u.m1.get('/api/v1/members'), 200);
  assert.equal(list.total, 5);
  const self = list.items.find((m) => m.id === f.members[0].id);
  assert.equal(self.phone, '13800000001', 'a member sees their own contact');
  assert.equal(self.email, 'm1@example.cn');
  for (const m of list.items.filter((x) => x.id !== f.members[0].id)) {
    assert.ok(!('phone' in m) && !('email' in m), 'no contact of others');
    assert.ok(m.name && m.sector_name && m.committee_name);
  }
  const other = ok(assert, await f.u.m1.get(`/api/v1/members/${f.members[2].id}`), 200);
  assert.ok(!('phone' in other) && !('email' in other));
  // Staff see contacts.
  for (const c of [f.u.pstaff, f.u.cstaffEcon, f.u.info, f.u.leader, f.admin]) {
    const m = ok(assert, await c.get(`/api/v1/members/${f.members[2].id}`), 200);
    assert.equal(m.phone, '13800000003');
  }
  expectError(assert, await f.u.h1.get('/api/v1/members'), 403, 'forbidden');
  expectError(assert, await f.u.h1.get(`/api/v1/members/${f.members[0].id}`), 403, 'forbidden');
  expectError(assert, await f.u.m1.patch(`/api/v1/members/${f.members[0].id}`, { phone: '1', version: 1 }), 403, 'forbidden');
  expectError(assert, await f.u.m1.del(`/api/v1/members/${f.members[1].id}`), 403, 'forbidden');
  expectError(assert, await f.u.pstaff.post('/api/v1/members/import', 'a', { headers: { 'Content-Type': 'text/csv' } }), 403, 'forbidden');
});

test('the wall between bodies: county admin gets 404 and sees none of the city records', async () => {
  const cityMember = f.members[0].id;
  const paths = [
    `/api/v1/members/${cityMember}`, `/api/v1/sectors/${f.sectors[0].id}`, `/api/v1/committees/${f.committees.economy.id}`,
    `/api/v1/participating-units/${f.partUnits[0].id}`, `/api/v1/handling-units/${f.units[0].id}`,
    `/api/v1/sessions/${f.sessionId}`,
  ];
  for (const p of paths) {
    expectError(assert, await f.county.admin.get(p), 404, 'not_found');
    expectError(assert, await f.county.admin.patch(p, { name: '越权', version: 1 }), 404, 'not_found');
    expectError(assert, await f.county.admin.del(p), 404, 'not_found');
    expectError(assert, await f.county.u.member.get(p), 404, 'not_found');
  }
  for (const p of paths) {
    const r = ok(assert, await f.admin.get(p), 200);
    assert.equal(r.active, true, p);
    assert.equal(r.version, 1, p);
  }
  const cm = ok(assert, await f.county.admin.get('/api/v1/members?active=all'), 200);
  assert.deepEqual(cm.items.map((m) => m.id), [f.county.memberId]);
  const cs = ok(assert, await f.county.admin.get('/api/v1/sectors?active=all'), 200);
  assert.deepEqual(cs.items.map((s) => s.id), [f.county.sectorId]);
  const cu = ok(assert, await f.county.u.handler.get('/api/v1/handling-units?active=all'), 200);
  assert.deepEqual(cu.items.map((u) => u.id), [f.county.unitId]);
  assert.equal((await f.county.admin.get('/api/v1/participating-units?active=all')).body.total, 0);
  // And the other way round.
  expectError(assert, await f.admin.get(`/api/v1/members/${f.county.memberId}`), 404, 'not_found');
  assert.ok(!(await f.admin.get('/api/v1/members?active=all&page_size=200')).body.items.some((m) => m.id === f.county.memberId));
  // Same names may exist in different bodies.
  assert.equal((await f.county.admin.get(`/api/v1/sectors/${f.county.sectorId}`)).body.name, '经济界');
});

test('studios: member set, replace, filters, references', async () => {
  const [m1, m2, m3] = f.members.map((m) => m.id);
  const s = ok(assert, await f.admin.post('/api/v1/studios', { name: '张经济委员工作室', kind: 'studio', place: '市民中心 3 楼', member_ids: [m2, m1] }), 201);
  assert.deepEqual(s.member_ids, [m1, m2]);
  assert.equal(s.place, '市民中心 3 楼');
  const room = ok(assert, await f.admin.post('/api/v1/studios', { name: '东街协商议事室', kind: 'room' }), 201);
  assert.deepEqual(room.member_ids, []);
  const up = ok(assert, await f.admin.patch(`/api/v1/studios/${s.id}`, { member_ids: [m3], version: 1 }), 200);
  assert.deepEqual(up.member_ids, [m3]);
  const named = ok(assert, await f.admin.patch(`/api/v1/studios/${s.id}`, { place: '新址', version: 2 }), 200);
  assert.deepEqual(named.member_ids, [m3], 'member_ids kept when not given');
  const byMember = ok(assert, await f.u.m3.get(`/api/v1/studios?member_id=${m3}`), 200);
  assert.deepEqual(byMember.items.map((x) => x.id), [s.id]);
  assert.deepEqual((await f.u.m1.get('/api/v1/studios?kind=room')).body.items.map((x) => x.id), [room.id]);
  let e = expectError(assert, await f.admin.patch(`/api/v1/studios/${s.id}`, { member_ids: [m1, f.county.memberId], version: 3 }), 422, 'invalid_reference');
  assert.equal(e.field, 'member_ids');
  expectError(assert, await f.admin.patch(`/api/v1/studios/${s.id}`, { member_ids: [m1, m1], version: 3 }), 422, 'duplicate');
  expectError(assert, await f.admin.patch(`/api/v1/studios/${s.id}`, { member_ids: 'm1', version: 3 }), 400, 'invalid_type');
  expectError(assert, await f.admin.post('/api/v1/studios', { name: '工作站', kind: 'office' }), 422, 'invalid_value');
  const still = ok(assert, await f.admin.get(`/api/v1/studios/${s.id}`), 200);
  assert.deepEqual(still.member_ids, [m3]);
  assert.equal(still.version, 3);
  expectError(assert, await f.county.admin.get(`/api/v1/studios/${s.id}`), 404, 'not_found');
  assert.equal((await f.county.admin.get('/api/v1/studios')).body.total, 0);
  ok(assert, await f.admin.del(`/api/v1/studios/${room.id}`), 200);
  assert.equal((await f.admin.get('/api/v1/studios')).body.total, 1);
});

// --- CSV import -----------------------------------------------------------------

const csvPost = (client, text, type = 'text/csv; charset=utf-8') =>
  client.req('POST', '/api/v1/members/import', text, { headers: { 'Content-Type': type } });

test('import: a good file (BOM, CRLF, quoted commas and quotes) imports every row', async () => {
  const before = await total(f.admin, '/api/v1/members?active=all');
  const csv = '\uFEFF姓名,性别,民族,党派,界别,专委会,常委,工作单位及职务,电话,邮箱\r\n'
    + '钱导入,男,汉族,民建,经济界,经济委员会,是,"某集团有限公司董事长,总经理",13911112222,qian@example.cn\r\n'
    + '孙导入,女,,致公党,教育界,社会和法制委员会,否,"某大学""双一流""建设办主任",,\r\n'
    + '\r\n'
    + '李导入,女,满族,无党派,特邀香港人士,社会和法制委员会,,,"+852 1234 5678",\r\n';
  const r = ok(assert, await csvPost(f.admin, csv), 200);
  assert.deepEqual(r, { imported: 3 });
  assert.equal(await total(f.admin, '/api/v1/members?active=all'), before + 3);
  const q = ok(assert, await f.admin.get('/api/v1/members?q=' + encodeURIComponent('导入')), 200);
  const byName = Object.fromEntries(q.items.map((m) => [m.name, m]));
  assert.equal(byName['钱导入'].workplace, '某集团有限公司董事长,总经理');
  assert.equal(byName['钱导入'].standing, true);
  assert.equal(byName['钱导入'].sector_id, f.sectors[0].id);
  assert.equal(byName['钱导入'].committee_id, f.committees.economy.id);
  assert.equal(byName['钱导入'].email, 'qian@example.cn');
  assert.equal(byName['孙导入'].workplace, '某大学"双一流"建设办主任');
  assert.equal(byName['孙导入'].ethnicity, '汉族', 'empty ethnicity defaults');
  assert.equal(byName['孙导入'].standing, false);
  assert.equal(byName['李导入'].ethnicity, '满族');
  assert.equal(byName['李导入'].phone, '+852 1234 5678');
  assert.equal(byName['李导入'].sector_name, '特邀香港人士');
});

test('import: English headers, LF endings, columns in any order', async () => {
  const csv = 'committee,name,sector,party,gender,standing\n'
    + '经济委员会,冯英文,经济界,中共,男,no\n'
    + '"社会和法制委员会",褚英文,教育界,民盟,女,yes\n';
  assert.deepEqual(ok(assert, await csvPost(f.admin, csv), 200), { imported: 2 });
  const q = ok(assert, await f.admin.get('/api/v1/members?q=' + encodeURIComponent('英文')), 200);
  assert.equal(q.total, 2);
  assert.equal(q.items.find((m) => m.name === '褚英文').standing, true);
});

test('import: two bad rows answer 422 with both errors and write nothing', async () => {
  const before = await total(f.admin, '/api/v1/members?active=all');
  const csv = '姓名,性别,党派,界别,专委会,常委,电话\r\n'
    + '卫正确,男,中共,经济界,经济委员会,否,\r\n'
    + '蒋错误,男,民主党,经济界,经济委员会,否,\r\n'
    + '沈正确,女,民进,教育界,社会和法制委员会,是,\r\n'
    + '韩错误,女,民盟,不存在界,社会和法制委员会,也许,电话\r\n';
  const r = await csvPost(f.admin, csv);
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'import_failed');
  assert.match(r.body.error.message, /共 2 行有错误/);
  const errs = r.body.errors;
  assert.ok(Array.isArray(errs));
  assert.deepEqual([...new Set(errs.map((e) => e.row))], [3, 5]);
  assert.deepEqual(errs.filter((e) => e.row === 3).map((e) => e.column), ['党派']);
  assert.deepEqual(errs.filter((e) => e.row === 5).map((e) => e.column).sort(), ['常委', '界别', '电话'].sort());
  for (const e of errs) assert.match(e.message, /[\u4e00-\u9fff]/);
  assert.equal(await total(f.admin, '/api/v1/members?active=all'), before);
  assert.equal((await f.admin.get('/api/v1/members?q=' + encodeURIComponent('正确'))).body.total, 0);
});

test('import: file-level problems', async () => {
  const before = await total(f.admin, '/api/v1/members?active=all');
  const head = '姓名,性别,党派,界别,专委会\n';
  expectError(assert, await csvPost(f.admin, ''), 422, 'empty_file');
  expectError(assert, await csvPost(f.admin, '\uFEFF\r\n\r\n'), 422, 'empty_file');
  expectError(assert, await csvPost(f.admin, head), 422, 'empty_file');
  // GBK bytes of 姓名,性别
  const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xd0, 0xd4, 0xb1, 0xf0, 0x0a]);
  const enc = expectError(assert, await csvPost(f.admin, gbk), 422, 'invalid_encoding');
  assert.match(enc.message, /UTF-8/);
  let e = expectError(assert, await csvPost(f.admin, '姓名,性别,党派,界别,专委会,爱好\n张,男,中共,经济界,经济委员会,读书\n'), 422, 'unknown_column');
  assert.match(e.message, /爱好/);
  e = expectError(assert, await csvPost(f.admin, '姓名,性别,党派,界别\n张,男,中共,经济界\n'), 422, 'missing_column');
  assert.match(e.message, /专委会/);
  expectError(assert, await csvPost(f.admin, '姓名,name,性别,党派,界别,专委会\n'), 422, 'duplicate_column');
  expectError(assert, await csvPost(f.admin, head + '"张,男,中共,经济界,经济委员会\n'), 422, 'invalid_csv');
  const many = head + '某,男,中共,经济界,经济委员会\n'.repeat(5001);
  expectError(assert, await csvPost(f.admin, many), 422, 'too_many_rows');
  expectError(assert, await csvPost(f.admin, head + '张,男,中共,经济界,经济委员会\n', 'application/json'), 415, 'unsupported_media_type');
  // Without the CSRF header a cookie session cannot import.
  const r = await f.admin.req('POST', '/api/v1/members/import', head + '张,男,中共,经济界,经济委员会\n',
    { headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': '' } });
  expectError(assert, r, 403, 'csrf_failed');
  assert.equal(await total(f.admin, '/api/v1/members?active=all'), before);
});

test('import: a line break inside a quoted cell stays one spreadsheet row', async () => {
  const csv = '姓名,性别,党派,界别,专委会,工作单位及职务\n'
    + '杨多行,男,中共,经济界,经济委员会,"第一行\n第二行"\n'
    + '朱错误,男,中共,无此界,经济委员会,\n';
  const r = await csvPost(f.admin, csv);
  assert.equal(r.status, 422);
  const rows = r.body.errors.map((e) => [e.row, e.column]);
  assert.deepEqual(rows, [[2, '工作单位及职务'], [3, '界别']]);
});

test('import: 5000 rows is accepted', async () => {
  const before = await total(f.admin, '/api/v1/members?active=all');
  let csv = '姓名,性别,党派,界别,专委会\n';
  for (let i = 0; i < 5000; i++) csv += `批量${i},${i % 2 ? '男' : '女'},无党派,经济界,经济委员会\n`;
  assert.deepEqual(ok(assert, await csvPost(f.admin, csv), 200), { imported: 5000 });
  assert.equal(await total(f.admin, '/api/v1/members?active=all'), before + 5000);
  assert.equal((await f.admin.get('/api/v1/members?q=' + encodeURIComponent('批量4999'))).body.total, 1);
});
