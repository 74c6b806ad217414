// The registry's permission matrix: every endpoint × every role, on a record
// of the caller's own body and on one of the county body (404 there: another
// body's records are never revealed, not even as "forbidden").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, PASSWORD } from './lib.mjs';
import { makeFixture } from './fixture.mjs';

let server, f, roles;
before(async () => {
  server = await startServer();
  f = await makeFixture(server);
  roles = { member: f.u.m1, committee_staff: f.u.cstaffEcon, proposal_staff: f.u.pstaff, info_staff: f.u.info,
    unit_handler: f.u.h1, leader: f.u.leader, admin: f.admin };
});
after(async () => { await server?.stop(); });

let n = 0;
const uniq = (s) => `${s}${++n}`;
const ALL = ['member', 'committee_staff', 'proposal_staff', 'info_staff', 'unit_handler', 'leader', 'admin'];
const STAFF = ['committee_staff', 'proposal_staff', 'info_staff', 'leader', 'admin'];

/* resource: path, who may read, who may write, a valid new record, a valid change, a county record to probe */
const resources = () => [
  { path: 'sectors', read: ALL, write: ['admin'], create: () => ({ name: uniq('新界别') }), change: { sort: 9 },
    county: () => f.county.sectorId },
  { path: 'committees', read: ALL, write: ['admin'], create: () => ({ name: uniq('新专委会') }), change: { name: uniq('改名专委会') },
    county: () => f.county.committeeId },
  { path: 'participating-units', read: ALL, write: ['admin'], create: () => ({ name: uniq('新参加单位'), kind: 'organisation' }),
    change: { kind: 'party' } },
  { path: 'handling-units', read: ALL, write: ['admin', 'proposal_staff'], create: () => ({ name: uniq('新承办单位'), kind: 'government' }),
    change: { contact: '刘科长' }, county: () => f.county.unitId },
  { path: 'members', read: [...STAFF, 'member'], write: ['admin'],
    create: () => ({ name: uniq('新委员'), gender: '女', party: '民进', sector_id: f.sectors[0].id, committee_id: f.committees.economy.id }),
    change: { workplace: '测试单位' }, county: () => f.county.memberId },
  { path: 'studios', read: ALL, write: ['admin'], create: () => ({ name: uniq('委员工作室'), kind: 'studio', member_ids: [f.members[0].id] }),
    countyCreate: () => ({ name: uniq('县委员工作室'), kind: 'station', member_ids: [f.county.memberId] }), change: { place: '市民中心' } },
  { path: 'users', read: ['admin'], write: ['admin'],
    create: () => ({ username: uniq('matrix_user'), password: PASSWORD, role: 'leader', display_name: '矩阵测试' }), change: { display_name: '改名' } },
];

const statusOk = (method) => (method === 'POST' ? 201 : 200);

test('registry matrix: list, get, create, change, deactivate × role × own/other body', async () => {
  const failures = [];
  const check = (label, r, expected) => {
    if (r.status !== expected) failures.push(`${label}: expected ${expected}, got ${r.status} ${r.text?.slice(0, 120)}`);
    else if (expected >= 400 && !(r.body?.error?.code && /[\u4e00-\u9fff]/.test(r.body.error.message))) failures.push(`${label}: bad error shape`);
  };
  for (const res of resources()) {
    const base = `/api/v1/${res.path}`;
    // a record of the body to read, change and deactivate
    const rec = (await f.admin.post(base, res.create())).body;
    assert.ok(rec?.id, `${res.path}: fixture record`);
    let countyId = res.county ? res.county() : null;
    if (!countyId) countyId = (await f.county.admin.post(base, (res.countyCreate || res.create)())).body?.id;
    assert.ok(countyId, `${res.path}: county record`);
    for (const [role, client] of Object.entries(roles)) {
      const reads = res.read.includes(role), writes = res.write.includes(role);
      check(`${role} GET ${base}`, await client.get(base), reads ? 200 : 403);
      check(`${role} GET ${base}/:own`, await client.get(`${base}/${rec.id}`), reads ? 200 : 403);
      check(`${role} GET ${base}/:county`, await client.get(`${base}/${countyId}`), reads ? 404 : 403);
      check(`${role} POST ${base}`, await client.post(base, res.create()), writes ? 201 : 403);
      const cur = (await f.admin.get(`${base}/${rec.id}`)).body;
      check(`${role} PATCH ${base}/:own`, await client.patch(`${base}/${rec.id}`, { ...res.change, version: cur.version }), writes ? 200 : 403);
      check(`${role} PATCH ${base}/:county`, await client.patch(`${base}/${countyId}`, { ...res.change, version: 1 }), writes ? 404 : 403);
      check(`${role} DELETE ${base}/:county`, await client.del(`${base}/${countyId}`), writes ? 404 : 403);
      // nothing of the county's leaks into lists
      if (reads) {
        const list = (await client.get(`${base}?page_size=200&active=all`)).body;
        if (list.items.some((i) => i.id === countyId)) failures.push(`${role} GET ${base}: lists the county's record`);
      }
    }
    // deactivation last: the record stays, inactive, never deleted
    for (const [role, client] of Object.entries(roles)) if (!res.write.includes(role))
      check(`${role} DELETE ${base}/:own`, await client.del(`${base}/${rec.id}`), 403);
    const writer = roles[res.write[0]];
    check(`${res.write[0]} DELETE ${base}/:own`, await writer.del(`${base}/${rec.id}`), 200);
    const after = (await f.admin.get(`${base}/${rec.id}`)).body;
    if (after?.active !== false) failures.push(`${base}: deactivated record should read active=false, got ${JSON.stringify(after?.active)}`);
  }
  // the county's own admin: the city's records are 404, its own are readable
  for (const res of resources()) {
    const base = `/api/v1/${res.path}`;
    const cityRec = (await f.admin.post(base, res.create())).body;
    check(`county admin GET ${base}/:city`, await f.county.admin.get(`${base}/${cityRec.id}`), 404);
    check(`county admin PATCH ${base}/:city`, await f.county.admin.patch(`${base}/${cityRec.id}`, { ...res.change, version: cityRec.version }), 404);
  }
  assert.deepEqual(failures, []);
});

test('registry writes by a non-admin change nothing', async () => {
  const before = (await f.admin.get('/api/v1/sectors?page_size=200&active=all')).body.total;
  expectError(assert, await f.u.pstaff.post('/api/v1/sectors', { name: '不该出现的界别' }), 403, 'forbidden');
  expectError(assert, await f.u.m1.post('/api/v1/members', { name: '不该出现', gender: '男', party: '中共',
    sector_id: f.sectors[0].id, committee_id: f.committees.economy.id }), 403, 'forbidden');
  assert.equal((await f.admin.get('/api/v1/sectors?page_size=200&active=all')).body.total, before);
});
