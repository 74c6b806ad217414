// B replies under follow-up until the unit reports them done, and excellent
// handling units selected per session (domain.md §3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, act, get, reply, assignedProposal } from './proposal_steps.mjs';

let server, f;
before(async () => { server = await startServer(); f = await makeFixture(server); });
after(async () => { await server?.stop(); });

const fig = async () => must(await f.u.pstaff.get('/api/v1/statistics'), 'stats');

test('a B reply stays under follow-up until the replying unit reports it done', async () => {
  let p = await assignedProposal(f);
  p = await reply(f.u.h1, await act(f.u.h1, p, 'accept'), 'B');
  const rid = p.replies[0].id;
  assert.equal(p.replies[0].followup_at, null);
  let s = await fig();
  assert.equal(s.figures.b_followup_open.value, 1);
  assert.equal(s.figures.b_followup_done.value, 0);
  const open = must(await f.u.pstaff.get('/api/v1/proposals?followup=open'), 'open list');
  assert.deepEqual(open.items.map((i) => i.id), [p.id]);
  const url = `/api/v1/proposals/${p.id}/replies/${rid}/followup`;
  const before = (await get(f.u.pstaff, p.id)).version;
  expectError(assert, await f.u.h1.post(url, { text: '已办' }), 422, 'too_short');
  expectError(assert, await f.u.h1.post(url, {}), 422, 'required');
  expectError(assert, await f.u.h1.post(url, { text: '项目已于五月竣工并投入使用，群众反映良好。', extra: 1 }), 400, 'unknown_field');
  expectError(assert, await f.u.h3.post(url, { text: '项目已于五月竣工并投入使用，群众反映良好。' }), 404);   // not its proposal
  expectError(assert, await f.u.m1.post(url, { text: '项目已于五月竣工并投入使用，群众反映良好。' }), 403, 'forbidden');
  expectError(assert, await f.county.u.handler.post(url, { text: '项目已于五月竣工并投入使用，群众反映良好。' }), 404);
  assert.equal((await get(f.u.pstaff, p.id)).version, before, 'nothing written by the refusals');
  p = must(await f.u.h1.post(url, { text: '项目已于五月竣工并投入使用，群众反映良好。' }), 'report');
  assert.ok(p.replies[0].followup_at > 0);
  assert.match(p.replies[0].followup_text, /竣工/);
  expectError(assert, await f.u.h1.post(url, { text: '再次报告落实情况的内容。' }), 409, 'already_reported');
  s = await fig();
  assert.equal(s.figures.b_followup_open.value, 0);
  assert.equal(s.figures.b_followup_done.value, 1);
  assert.deepEqual(must(await f.u.pstaff.get('/api/v1/proposals?followup=done'), 'done').items.map((i) => i.id), [p.id]);
  expectError(assert, await f.u.pstaff.get('/api/v1/proposals?followup=maybe'), 400, 'invalid_query');
  const events = must(await f.u.pstaff.get(`/api/v1/proposals/${p.id}/events`), 'events').items;
  assert.equal(events.at(-1).action, 'followup');
});

test('only B replies have a follow-up', async () => {
  let p = await assignedProposal(f);
  p = await reply(f.u.h1, await act(f.u.h1, p, 'accept'), 'A');
  expectError(assert, await f.u.h1.post(`/api/v1/proposals/${p.id}/replies/${p.replies[0].id}/followup`,
    { text: '项目已于五月竣工并投入使用。' }), 422, 'not_b');
  expectError(assert, await f.u.h1.post(`/api/v1/proposals/${p.id}/replies/999999/followup`,
    { text: '项目已于五月竣工并投入使用。' }), 404, 'not_found');
});

test('excellent handling units: proposal staff record the selection of their own session', async () => {
  const url = `/api/v1/sessions/${f.sessionId}/excellent-units`;
  const body = { units: [{ unit_id: f.units[0].id, note: '办理质量高' }, { unit_id: f.units[2].id }] };
  expectError(assert, await f.u.leader.put(url, body), 403, 'forbidden');
  expectError(assert, await f.u.m1.get(url), 403, 'forbidden');
  expectError(assert, await f.county.u.pstaff.put(url, body), 404, 'not_found');
  expectError(assert, await f.county.u.pstaff.get(url), 404, 'not_found');
  expectError(assert, await f.u.pstaff.put(url, { units: [{ unit_id: f.county.unitId }] }), 422, 'invalid_reference');
  expectError(assert, await f.u.pstaff.put(url, { units: [{ unit_id: f.units[0].id }, { unit_id: f.units[0].id }] }), 422, 'duplicate');
  expectError(assert, await f.u.pstaff.put(url, { units: [{ unit: 1 }] }), 400, 'unknown_field');
  expectError(assert, await f.u.pstaff.put(url, {}), 422, 'required');
  assert.equal(must(await f.u.pstaff.get(url), 'empty').total, 0, 'nothing written by the refusals');
  const saved = must(await f.u.pstaff.put(url, body), 'put');
  assert.deepEqual(saved.items.map((i) => i.unit_id).sort(), [f.units[0].id, f.units[2].id].sort());
  const s = await fig();
  assert.equal(s.figures.excellent_units.value, 2);
  const ranked = s.units.find((u) => u.unit_id === f.units[0].id);
  assert.equal(ranked.excellent_unit, true);
  must(await f.u.pstaff.put(url, { units: [] }), 'clear');
  assert.equal((await fig()).figures.excellent_units.value, 0);
});
