// Users API (admin only): accounts of each role and their registry links,
// password rules, deactivation, password reset, CSRF, the wall between bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, ok, PASSWORD, ADMIN_PASSWORD } from './lib.mjs';
import { makeFixture } from './fixture.mjs';

let server, f;

before(async () => {
  server = await startServer();
  f = await makeFixture(server);
});
after(async () => { await server?.stop(); });

const userCount = async (client = f.admin, qs = 'active=all') =>
  ok(assert, await client.get('/api/v1/users?' + qs), 200).total;

// A fresh member in body 1 to attach accounts to.
async function newMember(name) {
  return ok(assert, await f.admin.post('/api/v1/members',
    { name, gender: '男', party: '中共', sector_id: f.sectors[0].id, committee_id: f.committees.economy.id }), 201);
}

test('create an account of each role', async () => {
  const m = await newMember('账号委员');
  const cases = [
    { username: 'u_member', role: 'member', member_id: m.id },
    { username: 'u_cstaff', role: 'committee_staff', display_name: '专委会干部', committee_id: f.committees.society.id },
    { username: 'u_pstaff', role: 'proposal_staff', display_name: '提案办' },
    { username: 'u_info', role: 'info_staff', display_name: '信息员' },
    { username: 'u_handler', role: 'unit_handler', display_name: '经办人', unit_id: f.units[2].id },
    { username: 'u.leader-1', role: 'leader', display_name: '副主席' },
    { username: 'u_admin', role: 'admin', display_name: '第二管理员' },
  ];
  for (const body of cases) {
    const u = ok(assert, await f.admin.post('/api/v1/users', { ...body, password: PASSWORD }), 201);
    assert.equal(u.username, body.username);
    assert.equal(u.role, body.role);
    assert.equal(u.body_id, f.bodyId);
    assert.equal(u.active, true);
    assert.equal(u.version, 1);
    assert.ok(u.role_label && /[\u4e00-\u9fff]/.test(u.role_label));
    assert.ok(!('password_hash' in u) && !('password' in u));
    assert.equal(u.member_id, body.member_id ?? null);
    assert.equal(u.unit_id, body.unit_id ?? null);
    assert.equal(u.committee_id, body.committee_id ?? null);
    const c = await server.login(body.username, PASSWORD);
    assert.equal(c.user.role, body.role);
  }
  const mu = ok(assert, await f.admin.get('/api/v1/users?q=u_member'), 200).items[0];
  assert.equal(mu.display_name, '账号委员', 'display name defaults to the member name');
  assert.equal(mu.member_name, '账号委员');
  const hu = ok(assert, await f.admin.get('/api/v1/users?q=u_handler'), 200).items[0];
  assert.equal(hu.unit_name, '市住房城乡建设局');
  // The new admin can administer.
  const a2 = await server.login('u_admin', PASSWORD);
  ok(assert, await a2.get('/api/v1/users'), 200);
});

test('list: filters, pagination, no password hashes', async () => {
  const all = ok(assert, await f.admin.get('/api/v1/users?page_size=200'), 200);
  assert.ok(all.total >= 14);
  for (const u of all.items) assert.ok(!('password_hash' in u), 'no hash');
  const raw = (await f.admin.get('/api/v1/users?page_size=200')).text;
  assert.ok(!raw.includes('$argon2') && !raw.includes('password_hash'));
  const handlers = ok(assert, await f.admin.get('/api/v1/users?role=unit_handler'), 200);
  assert.deepEqual(handlers.items.map((u) => u.username).sort(), ['handler1', 'handler2', 'handler3', 'u_handler']);
  const members = ok(assert, await f.admin.get('/api/v1/users?role=member'), 200);
  assert.equal(members.total, 6);
  const q = ok(assert, await f.admin.get('/api/v1/users?q=' + encodeURIComponent('秘书长')), 200);
  assert.deepEqual(q.items.map((u) => u.username), ['leader'], 'q matches the display name');
  const p = ok(assert, await f.admin.get('/api/v1/users?page_size=5&page=2'), 200);
  assert.equal(p.items.length, 5);
  assert.equal(p.items[0].id, all.items[5].id);
  const byUnit = ok(assert, await f.admin.get(`/api/v1/users?unit_id=${f.units[0].id}`), 200);
  assert.deepEqual(byUnit.items.map((u) => u.username), ['handler1']);
  const one = ok(assert, await f.admin.get(`/api/v1/users/${byUnit.items[0].id}`), 200);
  assert.equal(one.unit_name, '市教育局');
  expectError(assert, await f.admin.get('/api/v1/users?active=maybe'), 400, 'invalid_query');
  expectError(assert, await f.admin.get('/api/v1/users/999999'), 404, 'not_found');
});

test('only admins manage users', async () => {
  for (const c of [f.u.pstaff, f.u.leader, f.u.m1, f.u.h1, f.u.info, f.u.cstaffEcon]) {
    expectError(assert, await c.get('/api/v1/users'), 403, 'forbidden');
    expectError(assert, await c.get(`/api/v1/users/${f.u.m2.user.id}`), 403, 'forbidden');
    expectError(assert, await c.post('/api/v1/users', { username: 'sneaky', password: PASSWORD, role: 'admin', display_name: 'x' }), 403, 'forbidden');
    expectError(assert, await c.patch(`/api/v1/users/${f.u.m2.user.id}`, { role: 'admin', version: 1 }), 403, 'forbidden');
    expectError(assert, await c.post(`/api/v1/users/${f.u.m2.user.id}/reset-password`, { new_password: 'Another123' }), 403, 'forbidden');
  }
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'sneaky', password: PASSWORD }), 401);
  assert.equal((await f.admin.get(`/api/v1/users/${f.u.m2.user.id}`)).body.role, 'member');
});

test('create: validation, links and uniqueness write nothing', async () => {
  const before = await userCount();
  const free = await newMember('无账号委员');
  const base = { username: 'new_user', password: PASSWORD, display_name: '新用户', role: 'leader' };
  const cases = [
    [{ ...base, username: 'admin' }, 409, 'conflict', 'username'],
    [{ ...base, username: 'pstaff' }, 409, 'conflict', 'username'],
    [{ ...base, username: 'ab' }, 422, 'invalid_username', 'username'],
    [{ ...base, username: 'a'.repeat(65) }, 422, 'too_long', 'username'],
    [{ ...base, username: '张三' }, 422, 'invalid_username', 'username'],
    [{ ...base, username: 'has space' }, 422, 'invalid_username', 'username'],
    [{ ...base, password: 'short1' }, 422, 'weak_password', 'password'],
    [{ ...base, password: 'onlyletters' }, 422, 'weak_password', 'password'],
    [{ ...base, password: '1234567890' }, 422, 'weak_password', 'password'],
    [{ ...base, password: undefined }, 422, 'required', 'password'],
    [{ ...base, role: 'superuser' }, 422, 'invalid_value', 'role'],
    [{ ...base, role: undefined }, 422, 'required', 'role'],
    [{ ...base, role: 'member' }, 422, 'required', 'member_id'],
    [{ ...base, role: 'unit_handler' }, 422, 'required', 'unit_id'],
    [{ ...base, role: 'committee_staff' }, 422, 'required', 'committee_id'],
    [{ ...base, role: 'member', member_id: f.county.memberId }, 422, 'invalid_reference', 'member_id'],
    [{ ...base, role: 'member', member_id: 999999 }, 422, 'invalid_reference', 'member_id'],
    [{ ...base, role: 'unit_handler', unit_id: f.county.unitId }, 422, 'invalid_reference', 'unit_id'],
    [{ ...base, role: 'committee_staff', committee_id: f.county.committeeId }, 422, 'invalid_reference', 'committee_id'],
    [{ ...base, role: 'member', member_id: f.members[0].id }, 409, 'conflict', 'member_id'],
    [{ ...base, role: 'leader', member_id: free.id }, 422, 'invalid_value', 'member_id'],
    [{ ...base, member_id: '5' }, 400, 'invalid_type', 'member_id'],
    [{ ...base, display_name: '名'.repeat(41) }, 422, 'too_long', 'display_name'],
    [{ ...base, email: 'x@example.cn' }, 400, 'unknown_field', 'email'],
  ];
  for (const [body, status, code, field] of cases) {
    const e = expectError(assert, await f.admin.post('/api/v1/users', body), status, code);
    assert.equal(e.field, field, JSON.stringify(body));
  }
  // Usernames are unique across bodies too.
  const e = expectError(assert, await f.county.admin.post('/api/v1/users', { ...base, username: 'pstaff' }), 409, 'conflict');
  assert.equal(e.field, 'username');
  assert.equal(await userCount(), before);
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'new_user', password: PASSWORD }), 401);
});

test('patch: display name, role change moves the links, stale version', async () => {
  const m = await newMember('转岗委员');
  const u = ok(assert, await f.admin.post('/api/v1/users', { username: 'switcher', password: PASSWORD, role: 'member', member_id: m.id }), 201);
  const c = await server.login('switcher', PASSWORD);
  const v2 = ok(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { display_name: '转岗人', version: 1 }), 200);
  assert.equal(v2.display_name, '转岗人');
  assert.equal(v2.member_id, m.id);
  assert.equal(v2.version, 2);
  // Member -> unit handler: needs a unit; the member link goes.
  expectError(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { role: 'unit_handler', version: 2 }), 422, 'required');
  const v3 = ok(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { role: 'unit_handler', unit_id: f.units[1].id, version: 2 }), 200);
  assert.equal(v3.role, 'unit_handler');
  assert.equal(v3.unit_id, f.units[1].id);
  assert.equal(v3.member_id, null);
  assert.equal(v3.version, 3);
  // The open session follows the new role at once.
  expectError(assert, await c.get('/api/v1/members'), 403, 'forbidden');
  const me = ok(assert, await c.get('/api/v1/auth/me'), 200);
  assert.equal(me.user.role, 'unit_handler');
  // Stale write changes nothing.
  const e = expectError(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { display_name: '旧版本', version: 2 }), 409, 'stale_version');
  assert.equal(e.field, 'version');
  const now = ok(assert, await f.admin.get(`/api/v1/users/${u.id}`), 200);
  assert.equal(now.display_name, '转岗人');
  assert.equal(now.version, 3);
  expectError(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { display_name: 'x' }), 422, 'required');
  expectError(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { username: 'renamed', version: 3 }), 400, 'unknown_field');
  expectError(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { password: 'Xyz12345678', version: 3 }), 400, 'unknown_field');
  expectError(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { member_id: m.id, version: 3 }), 422, 'invalid_value');
  expectError(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { unit_id: f.county.unitId, version: 3 }), 422, 'invalid_reference');
  assert.equal((await f.admin.get(`/api/v1/users/${u.id}`)).body.unit_id, f.units[1].id);
});

test('an admin cannot lock themselves out', async () => {
  const me = ok(assert, await f.admin.get(`/api/v1/users/${f.admin.user.id}`), 200);
  let e = expectError(assert, await f.admin.patch(`/api/v1/users/${me.id}`, { active: false, version: me.version }), 422, 'self_lockout');
  assert.equal(e.field, 'active');
  e = expectError(assert, await f.admin.patch(`/api/v1/users/${me.id}`, { role: 'leader', version: me.version }), 422, 'self_lockout');
  assert.equal(e.field, 'role');
  expectError(assert, await f.admin.del(`/api/v1/users/${me.id}`), 422, 'self_lockout');
  const after = ok(assert, await f.admin.get(`/api/v1/users/${me.id}`), 200);
  assert.equal(after.role, 'admin');
  assert.equal(after.active, true);
  assert.equal(after.version, me.version);
});

test('deactivation ends sessions and blocks login; reactivation restores it', async () => {
  const u = ok(assert, await f.admin.post('/api/v1/users', { username: 'leaver', password: PASSWORD, role: 'info_staff', display_name: '将离职' }), 201);
  const c = await server.login('leaver', PASSWORD);
  ok(assert, await c.get('/api/v1/auth/me'), 200);
  ok(assert, await f.admin.del(`/api/v1/users/${u.id}`), 200);
  expectError(assert, await c.get('/api/v1/auth/me'), 401, 'unauthenticated');
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'leaver', password: PASSWORD }), 401, 'invalid_credentials');
  const gone = ok(assert, await f.admin.get(`/api/v1/users/${u.id}`), 200);
  assert.equal(gone.active, false);
  assert.ok(!(await f.admin.get('/api/v1/users?page_size=200')).body.items.some((x) => x.id === u.id));
  assert.deepEqual((await f.admin.get('/api/v1/users?active=0')).body.items.map((x) => x.id), [u.id]);
  const back = ok(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { active: true, version: gone.version }), 200);
  assert.equal(back.active, true);
  expectError(assert, await c.get('/api/v1/auth/me'), 401, 'unauthenticated'); // stays ended after reactivation
  const c2 = await server.login('leaver', PASSWORD);
  ok(assert, await c2.get('/api/v1/auth/me'), 200);
  // PATCH active=false also ends the sessions (not just hides them while inactive).
  const off = ok(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { active: false, version: back.version }), 200);
  expectError(assert, await c2.get('/api/v1/auth/me'), 401, 'unauthenticated');
  ok(assert, await f.admin.patch(`/api/v1/users/${u.id}`, { active: true, version: off.version }), 200);
  expectError(assert, await c2.get('/api/v1/auth/me'), 401, 'unauthenticated');
});

test('a deactivated member can have a new account; an active one cannot get two', async () => {
  const m = await newMember('换号委员');
  const a = ok(assert, await f.admin.post('/api/v1/users', { username: 'first_acct', password: PASSWORD, role: 'member', member_id: m.id }), 201);
  expectError(assert, await f.admin.post('/api/v1/users', { username: 'second_acct', password: PASSWORD, role: 'member', member_id: m.id }), 409, 'conflict');
  ok(assert, await f.admin.del(`/api/v1/users/${a.id}`), 200);
  ok(assert, await f.admin.post('/api/v1/users', { username: 'second_acct', password: PASSWORD, role: 'member', member_id: m.id }), 201);
  // Reactivating the first would give the member two live accounts.
  const cur = ok(assert, await f.admin.get(`/api/v1/users/${a.id}`), 200);
  expectError(assert, await f.admin.patch(`/api/v1/users/${a.id}`, { active: true, version: cur.version }), 409, 'conflict');
});

test('reset-password ends the target\'s sessions', async () => {
  const u = ok(assert, await f.admin.post('/api/v1/users', { username: 'forgetful', password: PASSWORD, role: 'leader', display_name: '健忘' }), 201);
  const old = await server.login('forgetful', PASSWORD);
  ok(assert, await old.get('/api/v1/auth/me'), 200);
  expectError(assert, await f.admin.post(`/api/v1/users/${u.id}/reset-password`, { new_password: 'weak' }), 422, 'weak_password');
  ok(assert, await old.get('/api/v1/auth/me'), 200, 'a refused reset changes nothing');
  expectError(assert, await f.admin.post(`/api/v1/users/${u.id}/reset-password`, {}), 422, 'required');
  ok(assert, await f.admin.post(`/api/v1/users/${u.id}/reset-password`, { new_password: 'NewPassw0rd' }), 200);
  expectError(assert, await old.get('/api/v1/auth/me'), 401, 'unauthenticated');
  expectError(assert, await server.client().post('/api/v1/auth/login', { username: 'forgetful', password: PASSWORD }), 401, 'invalid_credentials');
  const fresh = await server.login('forgetful', 'NewPassw0rd');
  assert.equal(fresh.user.id, u.id);
  expectError(assert, await f.admin.post('/api/v1/users/999999/reset-password', { new_password: 'NewPassw0rd' }), 404, 'not_found');
});

test('cookie writes need the X-CSRF-Token header', async () => {
  const before = await userCount();
  const body = { username: 'csrf_victim', password: PASSWORD, role: 'admin', display_name: '伪造' };
  expectError(assert, await f.admin.post('/api/v1/users', body, { headers: { 'X-CSRF-Token': '' } }), 403, 'csrf_failed');
  expectError(assert, await f.admin.post('/api/v1/users', body, { headers: { 'X-CSRF-Token': 'wrong' } }), 403, 'csrf_failed');
  expectError(assert, await f.admin.patch(`/api/v1/users/${f.u.m1.user.id}`, { role: 'admin', version: 1 }, { headers: { 'X-CSRF-Token': '' } }), 403, 'csrf_failed');
  expectError(assert, await f.admin.del(`/api/v1/users/${f.u.m1.user.id}`, { headers: { 'X-CSRF-Token': '' } }), 403, 'csrf_failed');
  expectError(assert, await f.admin.post('/api/v1/sectors', { name: '伪造界' }, { headers: { 'X-CSRF-Token': '' } }), 403, 'csrf_failed');
  assert.equal(await userCount(), before);
  const m1 = ok(assert, await f.admin.get(`/api/v1/users/${f.u.m1.user.id}`), 200);
  assert.equal(m1.role, 'member');
  assert.equal(m1.active, true);
  assert.equal((await f.admin.get('/api/v1/sectors?q=' + encodeURIComponent('伪造'))).body.total, 0);
});

test('the wall: another body\'s users are 404 and absent from lists', async () => {
  const cityUser = f.u.pstaff.user.id;
  expectError(assert, await f.county.admin.get(`/api/v1/users/${cityUser}`), 404, 'not_found');
  expectError(assert, await f.county.admin.patch(`/api/v1/users/${cityUser}`, { display_name: '越权', version: 1 }), 404, 'not_found');
  expectError(assert, await f.county.admin.del(`/api/v1/users/${cityUser}`), 404, 'not_found');
  expectError(assert, await f.county.admin.post(`/api/v1/users/${cityUser}/reset-password`, { new_password: 'Hijack1234' }), 404, 'not_found');
  const p = ok(assert, await f.admin.get(`/api/v1/users/${cityUser}`), 200);
  assert.equal(p.display_name, '提案办干部');
  assert.equal(p.active, true);
  ok(assert, await f.u.pstaff.get('/api/v1/auth/me'), 200, 'session untouched');
  const list = ok(assert, await f.county.admin.get('/api/v1/users?active=all&page_size=200'), 200);
  assert.deepEqual(list.items.map((u) => u.username).sort(),
    ['county_admin', 'county_h1', 'county_leader', 'county_m1', 'county_pstaff']);
  for (const u of list.items) assert.equal(u.body_id, f.county.bodyId);
  assert.ok(!(await f.admin.get('/api/v1/users?active=all&page_size=200')).body.items.some((u) => u.body_id !== f.bodyId));
});

test('the admin password from init still works (fixture sanity)', async () => {
  const c = await server.login('admin', ADMIN_PASSWORD);
  assert.equal(c.user.role, 'admin');
});
