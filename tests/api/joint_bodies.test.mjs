// 联合提案 (domain.md §9): members of the body directly above or below may
// co-sign. The proposal stays the first author's body's record: its rules,
// staff and units; the other body's staff still cannot see it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError, PASSWORD } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, draft, act, get, submit, fileIt, assign, reply, evaluate } from './proposal_steps.mjs';

let server, f;
before(async () => { server = await startServer(); f = await makeFixture(server); });
after(async () => { await server?.stop(); });

test('a county member co-signs a city proposal, then rates the reply from their own login', async () => {
  const county = f.county.u.member;
  let p = await draft(f.u.m1, { cosigner_ids: [f.county.memberId] });
  assert.equal(p.kind, 'joint');
  expectError(assert, await county.get(`/api/v1/proposals/${p.id}`), 404, 'not_found');   // not while a draft
  p = await submit(f.u.m1, p);
  assert.equal(p.state, 'submitted');
  const seen = must(await county.get(`/api/v1/proposals/${p.id}`), 'county member reads');
  assert.deepEqual(seen.actions, []);
  assert.ok((await county.get('/api/v1/proposals?page_size=200')).body.items.some((i) => i.id === p.id));
  p = must(await county.post(`/api/v1/proposals/${p.id}/cosign`, { decision: 'confirm' }), 'confirm');
  assert.equal(p.state, 'under_review');
  assert.equal(p.review_stage, 2, "the city's review chain applies");
  // the county's staff and units never see the city's record
  expectError(assert, await f.county.u.pstaff.get(`/api/v1/proposals/${p.id}`), 404);
  expectError(assert, await f.county.u.handler.get(`/api/v1/proposals/${p.id}`), 404);
  p = await fileIt(f, p, f.u.cstaffEcon);
  p = await assign(f, p, { mode: 'lead', lead_unit_id: f.units[0].id });
  p = await act(f.u.h1, p, 'accept');
  p = await reply(f.u.h1, p, 'A');
  p = await evaluate(f.u.m1, p, 'satisfied');
  assert.equal(p.state, 'replied', 'waits for the county co-signer');
  p = await evaluate(county, p, 'basic');
  assert.equal(p.state, 'closed');
  assert.equal(p.evaluations.length, 2);
  // a co-signer is not the owner: the owner's actions stay refused
  expectError(assert, await county.post(`/api/v1/proposals/${p.id}/actions/withdraw`, { version: p.version, reason: '无' }), 409);
});

test('only the body directly above or below: a sibling body\'s member cannot be invited', async () => {
  const sib = must(await f.admin.post('/api/v1/bodies', {
    name: '测试另一县政协', level: 'county', term_number: 3, session_number: 1, year: 2026,
    admin_username: 'sibling_admin', admin_password: PASSWORD,
  }), 'sibling body', 201);
  const sibAdmin = await server.login('sibling_admin');
  const sector = must(await sibAdmin.post('/api/v1/sectors', { name: '教育界' }), 'sector', 201);
  const committee = must(await sibAdmin.post('/api/v1/committees', { name: '提案委员会', is_proposal_committee: true }), 'committee', 201);
  const m = must(await sibAdmin.post('/api/v1/members', {
    name: '周邻县', gender: '男', party: '无党派', sector_id: sector.id, committee_id: committee.id,
  }), 'member', 201);
  assert.ok(sib.id);
  // the county member (child of the city) may not invite a member of its sibling
  const e = expectError(assert, await f.county.u.member.post('/api/v1/proposals', {
    title: '关于县域之间共建共享公共服务的建议', category: 'society', cosigner_ids: [m.id],
  }), 422, 'invalid_reference');
  assert.equal(e.field, 'cosigner_ids');
  // the city member may invite the county member (child) — and a sibling county's member too, as it is also a child
  must(await f.u.m1.post('/api/v1/proposals', {
    title: '关于市县协同推进公共服务一体化的建议', category: 'society', cosigner_ids: [f.county.memberId, m.id],
  }), 'city member invites both counties', 201);
});
