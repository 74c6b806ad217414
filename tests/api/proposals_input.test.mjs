// Bad input on every proposal endpoint: missing, unknown and mistyped fields,
// lengths counted in characters, broken bodies, unknown ids, wrong states,
// stale versions, invalid enums and dates, bad list queries. Every refusal has
// the one error shape, and a refused write leaves the record exactly as it was
// (version, state, replies, evaluations, assignments, events).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, act, get, draft, submit } from './proposal_steps.mjs';
import { P, countyReviewer, factories, snapshot } from './matrix.mjs';

let server, f, mk;
before(async () => {
  server = await startServer();
  f = await makeFixture(server);
  mk = factories(f, await countyReviewer(server, f));
});
after(async () => { await server?.stop(); });

/** Runs the request (a thunk), expects the error, and checks the record did not change. */
async function refused(rec, run, status, code, field) {
  const before = await snapshot(rec);
  const e = expectError(assert, await run(), status, code);
  if (field !== undefined) assert.equal(e.field, field, JSON.stringify(e));
  assert.deepEqual(await snapshot(rec), before, `refused ${code} changed the record`);
  return e;
}
const han = (n) => '议'.repeat(n);
const valid = { title: '关于完善社区嵌入式托育服务的建议', analysis: '托育资源不足。', suggestions: '一是增加普惠托位。', category: 'society' };
const actOn = (c, rec, action, body) => () => c.post(`${P}/${rec.p.id}/actions/${action}`, body);
const jsonRaw = (c, method, path, bytes, type = 'application/json') => c.req(method, path, bytes, { headers: { 'Content-Type': type } });
const totals = async () => ({
  m1: must(await f.u.m1.get(`${P}?mine=1`), 'list').total,
  pstaff: must(await f.u.pstaff.get(P), 'list').total,
});

test('create: required, unknown and mistyped fields', async () => {
  const before = await totals();
  const m1 = f.u.m1;
  const cases = [
    [{ ...valid, title: undefined }, 422, 'required', 'title'],
    [{ ...valid, category: undefined }, 422, 'required', 'category'],
    [{ ...valid, title: '   ' }, 422, 'required', 'title'],
    [{ ...valid, colour: 'red' }, 400, 'unknown_field', 'colour'],
    [{ ...valid, title: 5 }, 400, 'invalid_type', 'title'],
    [{ ...valid, analysis: ['a'] }, 400, 'invalid_type', 'analysis'],
    [{ ...valid, plenary: 'yes' }, 400, 'invalid_type', 'plenary'],
    [{ ...valid, publish_consent: 1 }, 400, 'invalid_type', 'publish_consent'],
    [{ ...valid, session_id: String(f.sessionId) }, 400, 'invalid_type', 'session_id'],
    [{ ...valid, cosigner_ids: { 0: f.members[1].id } }, 400, 'invalid_type', 'cosigner_ids'],
    [{ ...valid, cosigner_ids: [String(f.members[1].id)] }, 400, 'invalid_type', 'cosigner_ids'],
    [{ ...valid, cosigner_ids: [f.members[1].id, f.members[1].id] }, 422, 'duplicate', 'cosigner_ids'],
    [{ ...valid, cosigner_ids: [f.members[0].id] }, 422, 'invalid_value', 'cosigner_ids'],
    [{ ...valid, cosigner_ids: [999999] }, 422, 'invalid_reference', 'cosigner_ids'],
    [{ ...valid, cosigner_ids: [999999] }, 422, 'invalid_reference', 'cosigner_ids'],   // a county member may co-sign (联合提案): joint_bodies.test.mjs
    [{ ...valid, title: '关于\n换行的建议' }, 400, 'invalid_text', 'title'],
    [{ ...valid, title: han(51) }, 422, 'too_long', 'title'],
    [{ ...valid, keywords: han(101) }, 422, 'too_long', 'keywords'],
    [{ ...valid, category: 'sports' }, 422, 'invalid_value', 'category'],
    [{ ...valid, category: 3 }, 422, 'invalid_value', 'category'],
    [{ ...valid, session_id: 999999 }, 422, 'invalid_reference', 'session_id'],
    [{ ...valid, session_id: f.county.sessionId }, 422, 'invalid_reference', 'session_id'],
    [{ ...valid, session_id: 0 }, 422, 'out_of_range', 'session_id'],
    [{ ...valid, collective_kind: 'sector', collective_id: f.sectors[0].id }, 422, 'invalid_value', 'collective_kind'],
  ];
  for (const [body, status, code, field] of cases) {
    const e = expectError(assert, await m1.post(P, body), status, code);
    assert.equal(e.field, field, `${JSON.stringify(body)} → ${JSON.stringify(e)}`);
  }
  // staff enter collective proposals only, naming a proposer of their own body
  const ps = f.u.pstaff;
  const coll = { ...valid, collective_kind: 'participating_unit', collective_id: f.partUnits[0].id };
  expectError(assert, await ps.post(P, valid), 422, 'required');
  expectError(assert, await ps.post(P, { ...coll, collective_kind: 'church' }), 422, 'invalid_value');
  expectError(assert, await ps.post(P, { ...coll, collective_id: 'x' }), 400, 'invalid_type');
  expectError(assert, await ps.post(P, { ...coll, collective_id: 999999 }), 422, 'invalid_reference');
  expectError(assert, await ps.post(P, { ...coll, collective_kind: 'sector', collective_id: 999999 }), 422, 'invalid_reference');
  expectError(assert, await ps.post(P, { ...coll, cosigner_ids: [f.members[0].id] }), 422, 'invalid_value');
  expectError(assert, await f.u.cstaffSoc.post(P, { ...coll, collective_kind: 'committee', collective_id: f.committees.economy.id }), 403, 'forbidden');
  assert.deepEqual(await totals(), before, 'a refused create left a proposal behind');
});

test('create: the title limit counts characters, not bytes', async () => {
  const fifty = must(await f.u.m1.post(P, { ...valid, title: han(50) }), '50 characters', 201);
  assert.equal(fifty.title, han(50));
  assert.equal(Buffer.byteLength(fifty.title), 150);
  // a character outside the BMP (4 bytes in UTF-8, 2 UTF-16 units) is still one character
  const astral = must(await f.u.m1.post(P, { ...valid, title: han(49) + '𠀀' }), '49 + 1 astral', 201);
  assert.equal([...astral.title].length, 50);
  const e = expectError(assert, await f.u.m1.post(P, { ...valid, title: han(50) + '𠀀' }), 422, 'too_long');
  assert.match(e.message, /50/);
});

test('broken bodies: invalid UTF-8, not JSON, not an object, wrong Content-Type, duplicate keys', async () => {
  const before = await totals();
  const m1 = f.u.m1;
  const badUtf8 = Buffer.concat([Buffer.from('{"title":"关于'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","category":"society"}')]);
  expectError(assert, await jsonRaw(m1, 'POST', P, badUtf8), 400, 'invalid_json');
  const overlong = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","category":"society"}')]);
  expectError(assert, await jsonRaw(m1, 'POST', P, overlong), 400, 'invalid_json');
  expectError(assert, await jsonRaw(m1, 'POST', P, Buffer.from('title=关于&category=society')), 400, 'invalid_json');
  expectError(assert, await jsonRaw(m1, 'POST', P, Buffer.from('{"title": "关于",')), 400, 'invalid_json');
  expectError(assert, await jsonRaw(m1, 'POST', P, Buffer.from('{"title":"a","title":"b","category":"society"}')), 400, 'invalid_json');
  expectError(assert, await jsonRaw(m1, 'POST', P, Buffer.from('[1,2]')), 400, 'invalid_body');
  expectError(assert, await jsonRaw(m1, 'POST', P, Buffer.from('"关于"')), 400, 'invalid_json');   // top level must be an object or array
  expectError(assert, await jsonRaw(m1, 'POST', P, Buffer.from(JSON.stringify(valid)), 'text/plain'), 415, 'unsupported_media_type');
  expectError(assert, await jsonRaw(m1, 'POST', P, Buffer.from(JSON.stringify(valid)), 'application/x-www-form-urlencoded'), 415);
  expectError(assert, await m1.req('POST', P, JSON.stringify(valid)), 415, 'unsupported_media_type');   // no Content-Type
  expectError(assert, await m1.post(P, {}), 422, 'required');
  expectError(assert, await m1.post(P, { ...valid, analysis: 'x'.repeat((1 << 20) + 1) }), 413, 'payload_too_large');
  expectError(assert, await m1.post(P, { ...valid, analysis: han(20001) }), 422, 'too_long');
  assert.deepEqual(await totals(), before);
  // the same on an action and on an edit: nothing written
  const rec = await mk.draft();
  await refused(rec, () => jsonRaw(m1, 'PATCH', `${P}/${rec.p.id}`, badUtf8), 400, 'invalid_json');
  await refused(rec, () => jsonRaw(m1, 'POST', `${P}/${rec.p.id}/actions/submit`, Buffer.from('version=1')), 400, 'invalid_json');
  await refused(rec, () => jsonRaw(m1, 'POST', `${P}/${rec.p.id}/actions/submit`,
    Buffer.from(JSON.stringify({ version: rec.p.version, self_check: true })), 'text/plain'), 415, 'unsupported_media_type');
  await refused(rec, () => jsonRaw(m1, 'POST', `${P}/${rec.p.id}/actions/submit`, Buffer.from('{"version":1,"self_check":true,"x":"\\ud800"}')), 400);
});

test('edit: unknown field, types, lengths, version, state, unknown id', async () => {
  const rec = await mk.draft();
  const m1 = f.u.m1, id = rec.p.id, v = rec.p.version;
  const patch = (body) => () => m1.patch(`${P}/${id}`, body);
  await refused(rec, patch({ version: v, summary: 'x' }), 400, 'unknown_field', 'summary');
  await refused(rec, patch({ analysis: '补充' }), 422, 'required', 'version');
  await refused(rec, patch({ version: String(v), analysis: '补充' }), 400, 'invalid_type', 'version');
  await refused(rec, patch({ version: v - 1, analysis: '补充' }), 409, 'stale_version', 'version');
  await refused(rec, patch({ version: v + 5, analysis: '补充' }), 409, 'stale_version');
  await refused(rec, patch({ version: v, title: han(51) }), 422, 'too_long', 'title');
  await refused(rec, patch({ version: v, title: '' }), 422, 'required', 'title');
  await refused(rec, patch({ version: v, category: 'sports' }), 422, 'invalid_value', 'category');
  await refused(rec, patch({ version: v, plenary: 'no' }), 400, 'invalid_type', 'plenary');
  await refused(rec, patch({ version: v, cosigner_ids: 'all' }), 400, 'invalid_type', 'cosigner_ids');
  await refused(rec, patch({ version: v, cosigner_ids: [999999] }), 422, 'invalid_reference', 'cosigner_ids');
  await refused(rec, patch({ version: v, suggestions: 'a\u0001b' }), 400, 'invalid_text', 'suggestions');
  expectError(assert, await m1.patch(`${P}/999999`, { version: 1, analysis: '补充' }), 404, 'not_found');
  const ok = must(await m1.patch(`${P}/${id}`, { version: v, title: han(50) }), 'valid edit');
  assert.equal(ok.version, v + 1);
  const review = await mk.review2();
  const e = await refused(review, () => m1.patch(`${P}/${review.p.id}`, { version: review.p.version, analysis: '补充' }), 409, 'invalid_state');
  assert.match(e.message, /审查中/);
  expectError(assert, await m1.req('DELETE', `${P}/${id}`), 405, 'method_not_allowed');
});

test('submit and withdraw: self-check, required text, state, version', async () => {
  const m1 = f.u.m1;
  const bare = { p: must(await m1.post(P, { title: '关于只有案由的建议', category: 'economy' }), 'bare draft', 201), viewer: m1 };
  await refused(bare, actOn(m1, bare, 'submit', { version: bare.p.version }), 422, 'required', 'self_check');
  await refused(bare, actOn(m1, bare, 'submit', { version: bare.p.version, self_check: 'yes' }), 400, 'invalid_type', 'self_check');
  await refused(bare, actOn(m1, bare, 'submit', { version: bare.p.version, self_check: false }), 422, 'self_check_required');
  await refused(bare, actOn(m1, bare, 'submit', { version: bare.p.version, self_check: true }), 422, 'required', 'analysis');
  await refused(bare, actOn(m1, bare, 'submit', { self_check: true }), 422, 'required', 'version');
  await refused(bare, actOn(m1, bare, 'submit', { version: bare.p.version, self_check: true, urgent: true }), 400, 'unknown_field', 'urgent');
  const rec = await mk.draft();
  await refused(rec, actOn(m1, rec, 'submit', { version: rec.p.version - 1, self_check: true }), 409, 'stale_version', 'version');
  await refused(rec, actOn(m1, rec, 'withdraw', { version: rec.p.version }), 422, 'required', 'reason');
  await refused(rec, actOn(m1, rec, 'withdraw', { version: rec.p.version, reason: han(501) }), 422, 'too_long', 'reason');
  const review = await mk.review2();
  const e = await refused(review, actOn(m1, review, 'submit', { version: review.p.version, self_check: true }), 409, 'invalid_state');
  assert.match(e.message, /审查中/);
  expectError(assert, await m1.post(`${P}/999999/actions/submit`, { version: 1, self_check: true }), 404, 'not_found');
  expectError(assert, await m1.post(`${P}/${rec.p.id}/actions/publish_now`, { version: 1 }), 404, 'unknown_action');
});

test('review: opinions, reasons from the list, merge targets', async () => {
  const cs = f.u.cstaffEcon, ps = f.u.pstaff;
  const rec = await mk.review2();
  const v = rec.p.version;
  await refused(rec, actOn(cs, rec, 'review_pass', { version: v, opinion: han(2001) }), 422, 'too_long', 'opinion');
  await refused(rec, actOn(cs, rec, 'review_pass', { version: v, opinion: 42 }), 400, 'invalid_type', 'opinion');
  await refused(rec, actOn(cs, rec, 'review_pass', { version: v, decision: 'pass' }), 400, 'unknown_field', 'decision');
  await refused(rec, actOn(cs, rec, 'file', { version: v }), 409, 'review_incomplete');
  await refused(rec, actOn(cs, rec, 'return', { version: v }), 422, 'required', 'opinion');
  await refused(rec, actOn(cs, rec, 'return', { version: v, opinion: '   ' }), 422, 'required', 'opinion');
  await refused(rec, actOn(cs, rec, 'reject', { version: v, reason: '不喜欢' }), 422, 'invalid_value', 'reason');
  await refused(rec, actOn(cs, rec, 'reject', { version: v }), 422, 'required', 'reason');
  await refused(rec, actOn(cs, rec, 'convert', { version: v, reason: '其他', converted_to: '领导批示' }), 422, 'invalid_value', 'converted_to');
  await refused(rec, actOn(cs, rec, 'convert', { version: v, reason: '其他' }), 422, 'required', 'converted_to');
  const r3 = { p: await act(cs, rec.p, 'review_pass'), viewer: rec.viewer };
  const v3 = r3.p.version;
  const other = await mk.review2();
  const county = await mk.cFiled();
  await refused(r3, actOn(ps, r3, 'merge', { version: v3 }), 422, 'required', 'target_id');
  await refused(r3, actOn(ps, r3, 'merge', { version: v3, target_id: 'x' }), 400, 'invalid_type', 'target_id');
  await refused(r3, actOn(ps, r3, 'merge', { version: v3, target_id: r3.p.id }), 422, 'invalid_value', 'target_id');
  await refused(r3, actOn(ps, r3, 'merge', { version: v3, target_id: 999999 }), 422, 'invalid_reference', 'target_id');
  await refused(r3, actOn(ps, r3, 'merge', { version: v3, target_id: county.p.id }), 422, 'invalid_reference', 'target_id');
  await refused(r3, actOn(ps, r3, 'merge', { version: v3, target_id: other.p.id }), 422, 'invalid_value', 'target_id');
  await refused(r3, actOn(ps, r3, 'merge', { version: v3 - 1, target_id: (await mk.filed()).p.id }), 409, 'stale_version');
});

test('assign: modes, units that do not exist or belong to the county, nothing half-written', async () => {
  const ps = f.u.pstaff;
  const rec = await mk.filed();
  const v = rec.p.version;
  const u = f.units.map((x) => x.id);
  const assign = (body) => actOn(ps, rec, 'assign', { version: v, ...body });
  await refused(rec, assign({}), 422, 'required', 'mode');
  await refused(rec, assign({ mode: 'together', lead_unit_id: u[0] }), 422, 'invalid_value', 'mode');
  await refused(rec, assign({ mode: 'lead' }), 422, 'required', 'lead_unit_id');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: String(u[0]) }), 400, 'invalid_type', 'lead_unit_id');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: 0 }), 422, 'out_of_range', 'lead_unit_id');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: 999999 }), 422, 'invalid_reference', 'lead_unit_id');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: f.county.unitId }), 422, 'invalid_reference', 'lead_unit_id');
  // the lead row is written before the bad co-unit is found: the transaction must undo it
  await refused(rec, assign({ mode: 'lead', lead_unit_id: u[0], co_unit_ids: [u[1], f.county.unitId] }), 422, 'invalid_reference', 'co_unit_ids');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: u[0], co_unit_ids: { a: u[1] } }), 400, 'invalid_type', 'co_unit_ids');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: u[0], co_unit_ids: [u[0]] }), 422, 'invalid_value', 'co_unit_ids');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: u[0], co_unit_ids: [u[1], u[1]] }), 422, 'duplicate', 'co_unit_ids');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: u[0], split_unit_ids: [u[1], u[2]] }), 422, 'invalid_value', 'split_unit_ids');
  await refused(rec, assign({ mode: 'split', split_unit_ids: [u[1]] }), 422, 'required', 'split_unit_ids');
  await refused(rec, assign({ mode: 'split', split_unit_ids: [u[1], u[2]], lead_unit_id: u[0] }), 422, 'invalid_value', 'mode');
  await refused(rec, assign({ mode: 'split', split_unit_ids: [u[1], 999999] }), 422, 'invalid_reference', 'split_unit_ids');
  await refused(rec, assign({ mode: 'lead', lead_unit_id: u[0], note: han(1001) }), 422, 'too_long', 'note');
  await refused(rec, () => ps.post(`${P}/${rec.p.id}/actions/assign`, { version: v - 1, mode: 'lead', lead_unit_id: u[0] }), 409, 'stale_version');
  const p = await act(ps, rec.p, 'assign', { mode: 'lead', lead_unit_id: u[0] });
  assert.equal(p.assignments.length, 1);
  const e = await refused({ p, viewer: rec.viewer }, () => ps.post(`${P}/${p.id}/actions/assign`, { version: p.version, mode: 'lead', lead_unit_id: u[1] }),
    409, 'invalid_state');
  assert.match(e.message, /已交办/);
});

test('accept, reroute, reply, co-opinions: enums, lengths, order, state', async () => {
  const h1 = f.u.h1, h2 = f.u.h2;
  const rec = await mk.assigned();
  const v = rec.p.version;
  const reply = { text: '经研究，现答复如下：已列入年度计划。', category: 'A', signed_by: '王局长', contact_method: '面商' };
  await refused(rec, actOn(h1, rec, 'accept', { version: v, note: '收到' }), 400, 'unknown_field', 'note');
  await refused(rec, actOn(h1, rec, 'accept', { version: v - 1 }), 409, 'stale_version');
  const e = await refused(rec, actOn(h1, rec, 'reply', { version: v, ...reply }), 409, 'invalid_state');
  assert.match(e.message, /已交办/);
  await refused(rec, actOn(h1, rec, 'reroute', { version: v }), 422, 'required', 'reason');
  await refused(rec, actOn(h1, rec, 'reroute', { version: v, reason: '不属本单位', suggested_unit: han(81) }), 422, 'too_long', 'suggested_unit');
  await refused(rec, () => h2.post(`${P}/${rec.p.id}/co-opinions`, {}), 422, 'required', 'text');
  await refused(rec, () => h2.post(`${P}/${rec.p.id}/co-opinions`, { text: ['配合'] }), 400, 'invalid_type', 'text');
  await refused(rec, () => h2.post(`${P}/${rec.p.id}/co-opinions`, { text: '配合', unit_id: f.units[1].id }), 400, 'unknown_field', 'unit_id');
  const hp = { p: await act(h1, rec.p, 'accept'), viewer: rec.viewer };
  const hv = hp.p.version;
  const rep = (body) => actOn(h1, hp, 'reply', { version: hv, ...reply, ...body });
  await refused(hp, rep({ category: 'D' }), 422, 'invalid_value', 'category');
  await refused(hp, rep({ category: 'a' }), 422, 'invalid_value', 'category');
  await refused(hp, rep({ contact_method: '微信' }), 422, 'invalid_value', 'contact_method');
  await refused(hp, rep({ text: '已办理。' }), 422, 'too_short', 'text');
  await refused(hp, rep({ signed_by: undefined }), 422, 'required', 'signed_by');
  await refused(hp, rep({ signed_by: '王\n局长' }), 400, 'invalid_text', 'signed_by');
  await refused(hp, rep({ on_time: true }), 400, 'unknown_field', 'on_time');
  await refused(hp, () => h1.post(`${P}/${hp.p.id}/actions/reply`, { version: hv - 1, ...reply }), 409, 'stale_version');
  const done = await act(h1, hp.p, 'reply', reply);
  assert.equal(done.replies.length, 1);
  await refused({ p: done, viewer: rec.viewer }, () => h1.post(`${P}/${done.id}/actions/reply`, { version: done.version, ...reply }), 409, 'invalid_state');
});

test('evaluate and co-sign: satisfaction and decision values', async () => {
  const m1 = f.u.m1, m2 = f.u.m2;
  const rec = await mk.replied();
  const ev = (body) => actOn(m1, rec, 'evaluate', { process_satisfaction: 'satisfied', result_satisfaction: 'basic', contacted: true, ...body });
  await refused(rec, ev({ result_satisfaction: 'happy' }), 422, 'invalid_value', 'result_satisfaction');
  await refused(rec, ev({ process_satisfaction: '满意' }), 422, 'invalid_value', 'process_satisfaction');
  await refused(rec, ev({ process_satisfaction: undefined }), 422, 'required', 'process_satisfaction');
  await refused(rec, ev({ contacted: 'yes' }), 400, 'invalid_type', 'contacted');
  await refused(rec, ev({ comment: han(1001) }), 422, 'too_long', 'comment');
  await refused(rec, ev({ version: rec.p.version }), 400, 'unknown_field', 'version');
  const handling = await mk.handling();
  const e = await refused(handling, () => m1.post(`${P}/${handling.p.id}/actions/evaluate`,
    { process_satisfaction: 'satisfied', result_satisfaction: 'satisfied', contacted: true }), 409, 'invalid_state');
  assert.match(e.message, /办理中/);
  const sub = await mk.submitted();
  await refused(sub, () => m2.post(`${P}/${sub.p.id}/cosign`, { decision: 'maybe' }), 422, 'invalid_value', 'decision');
  await refused(sub, () => m2.post(`${P}/${sub.p.id}/cosign`, {}), 422, 'required', 'decision');
  await refused(sub, () => m2.post(`${P}/${sub.p.id}/cosign`, { decision: 'confirm', version: 1 }), 400, 'unknown_field', 'version');
  expectError(assert, await m2.post(`${P}/999999/cosign`, { decision: 'confirm' }), 404, 'not_found');
});

test('extension, category correction, key, supervision, excellent, publish, forward', async () => {
  const ps = f.u.pstaff;
  const rec = await mk.assigned();
  const lead = rec.p.assignments.find((a) => a.role === 'lead');
  const co = rec.p.assignments.find((a) => a.role === 'co');
  const ext = (body) => () => ps.post(`${P}/${rec.p.id}/extension`, { assignment_id: lead.id, until: '2026-12-31', reason: '需跨年度安排资金', ...body });
  await refused(rec, ext({ until: '2026-02-30' }), 400, 'invalid_date', 'until');
  await refused(rec, ext({ until: '2026/12/31' }), 400, 'invalid_date', 'until');
  await refused(rec, ext({ until: 20261231 }), 400, 'invalid_date', 'until');
  await refused(rec, ext({ until: lead.deadline }), 422, 'invalid_value', 'until');
  await refused(rec, ext({ until: '2099-01-01' }), 422, 'invalid_value', 'until');
  await refused(rec, ext({ assignment_id: co.id }), 422, 'invalid_reference', 'assignment_id');
  await refused(rec, ext({ assignment_id: 999999 }), 422, 'invalid_reference', 'assignment_id');
  await refused(rec, ext({ reason: undefined }), 422, 'required', 'reason');
  await refused(rec, ext({ approved: true }), 400, 'unknown_field', 'approved');
  expectError(assert, await ps.post(`${P}/999999/extension`, { assignment_id: lead.id, until: '2026-12-31', reason: '理由' }), 404, 'not_found');

  const replied = await mk.replied();
  const rid = replied.p.replies[0].id;
  const cat = (body, id = rid) => () => ps.post(`${P}/${replied.p.id}/replies/${id}/category`, { category: 'B', reason: '尚在解决中', ...body });
  await refused(replied, cat({ category: 'D' }), 422, 'invalid_value', 'category');
  await refused(replied, cat({ category: 'A' }), 422, 'invalid_value', 'category');
  await refused(replied, cat({ reason: '' }), 422, 'required', 'reason');
  await refused(replied, cat({}, 999999), 404, 'not_found');
  await refused(replied, cat({}, (await mk.replied()).p.replies[0].id), 404, 'not_found');

  const review = await mk.review2();
  await refused(review, () => ps.post(`${P}/${review.p.id}/key`, { key_proposal: true, supervising_leader: '张副主席', supervision_form: '评议督办' }), 409, 'invalid_state');
  const filed = await mk.filed();
  const key = (body) => () => ps.post(`${P}/${filed.p.id}/key`, { key_proposal: true, supervising_leader: '张副主席', supervision_form: '评议督办', ...body });
  await refused(filed, key({ key_proposal: 'true' }), 400, 'invalid_type', 'key_proposal');
  await refused(filed, key({ supervision_form: '随便督办' }), 422, 'invalid_value', 'supervision_form');
  await refused(filed, key({ supervising_leader: undefined }), 422, 'required', 'supervising_leader');
  await refused(filed, key({ supervising_leader: han(41) }), 422, 'too_long', 'supervising_leader');
  const sup = (body) => () => ps.post(`${P}/${filed.p.id}/supervision`, { day: '2026-05-20', form: '评议督办', outcome: '听取办理情况汇报', ...body });
  await refused(filed, sup({ day: '2026-13-01' }), 400, 'invalid_date', 'day');
  await refused(filed, sup({ day: '2025-02-29' }), 400, 'invalid_date', 'day');
  await refused(filed, sup({ form: 'visit' }), 422, 'invalid_value', 'form');
  await refused(filed, sup({ outcome: undefined }), 422, 'required', 'outcome');
  await refused(review, () => ps.post(`${P}/${review.p.id}/supervision`, { day: '2026-05-20', form: '评议督办', outcome: '汇报' }), 409, 'invalid_state');
  await refused(filed, () => ps.post(`${P}/${filed.p.id}/excellent`, { excellent: 1 }), 400, 'invalid_type', 'excellent');
  await refused(filed, () => ps.post(`${P}/${filed.p.id}/excellent`, {}), 422, 'required', 'excellent');
  await refused(review, () => ps.post(`${P}/${review.p.id}/excellent`, { excellent: true }), 409, 'invalid_state');
  await refused(filed, () => ps.post(`${P}/${filed.p.id}/publish`, {}), 422, 'required', 'published');
  await refused(review, () => ps.post(`${P}/${review.p.id}/publish`, { published: true }), 409, 'invalid_state');
  await refused(filed, () => ps.post(`${P}/${filed.p.id}/forward`, { to_body_id: 'parent' }), 400, 'invalid_type', 'to_body_id');
  const county = await mk.cFiled();
  const cps = f.county.u.pstaff;
  await refused(county, () => cps.post(`${P}/${county.p.id}/forward`, { to_body_id: 999999 }), 422, 'invalid_reference', 'to_body_id');
  await refused(county, () => cps.post(`${P}/${county.p.id}/forward`, {}), 422, 'required', 'to_body_id');
  await refused(county, () => cps.post(`${P}/${county.p.id}/forward`, { to_body_id: f.bodyId, note: han(1001) }), 422, 'too_long', 'note');
});

test('list, queues, deadlines and events: bad query parameters are 400', async () => {
  const ps = f.u.pstaff;
  const bad = [
    'page=0', 'page=-1', 'page=abc', 'page=1.5', 'page_size=500', 'page_size=0', 'page_size=201', 'state=bogus', 'state=filed,bogus',
    'state=,', 'sort=bogus', 'sort=title', 'category=sports', 'kind=group', 'due=tomorrow', 'session_id=abc', 'unit_id=1x',
    'review_stage=two', 'number=%E4%B8%80', `q=${encodeURIComponent(han(101))}`,
  ];
  for (const q of bad) {
    const e = expectError(assert, await ps.get(`${P}?${q}`), 400, 'invalid_query');
    assert.ok(e.field, `${q}: the error names the parameter`);
  }
  for (const q of ['page=1&page_size=200', 'state=filed,assigned', 'sort=number', 'sort=deadline', 'sort=updated', 'category=society',
    'kind=joint', 'due=overdue', 'due=soon', `q=${encodeURIComponent('电梯')}`, `q=${encodeURIComponent(han(100))}`, `session_id=${f.sessionId}`]) {
    const r = must(await ps.get(`${P}?${q}`), q);
    assert.ok(Array.isArray(r.items));
  }
  for (const q of ['kind=late', 'page_size=500', 'unit_id=x', 'page=0'])
    expectError(assert, await ps.get(`${P}/deadlines?${q}`), 400, 'invalid_query');
  expectError(assert, await ps.get(`${P}/queues?session_id=x`), 400, 'invalid_query');
  expectError(assert, await ps.get(`${P}/999999`), 404, 'not_found');
  expectError(assert, await ps.get(`${P}/999999/events`), 404, 'not_found');
  expectError(assert, await ps.get(`${P}/0`), 404);
  expectError(assert, await ps.get(`${P}/abc`), 404);
});

test('texts at their maximum length in Chinese are kept whole in the history (no byte-truncated notes)', async () => {
  const ps = f.u.pstaff, cs = f.u.cstaffEcon;
  const long = (n, ch = '议') => ch.repeat(n);
  const lastNote = async (id) => (await f.u.m1.get(`${P}/${id}/events`)).body.items.at(-1).note;
  // reject: a 2,000-character opinion (6,000 bytes)
  let r = await mk.review2();
  const opinion = long(2000, '审');
  await act(cs, r.p, 'reject', { reason: '其他', opinion });
  assert.ok((await lastNote(r.p.id)).endsWith(opinion), 'reject opinion cut');
  // filing by the last stage with a 2,000-character opinion
  r = await mk.review4();
  await act(f.u.leader, r.p, 'review_pass', { opinion });
  assert.ok((await lastNote(r.p.id)).endsWith(opinion), 'filing opinion cut');
  // merge, 2,000 characters
  const target = (await mk.filed()).p;
  r = await mk.review3();
  await act(ps, r.p, 'merge', { target_id: target.id, opinion });
  assert.ok((await lastNote(r.p.id)).endsWith(opinion), 'merge opinion cut');
  // assignment note, 1,000 characters
  r = await mk.filed();
  const note = long(1000, '办');
  let p = await act(ps, r.p, 'assign', { mode: 'lead', lead_unit_id: f.units[0].id, co_unit_ids: [f.units[1].id], note });
  assert.ok((await lastNote(p.id)).endsWith(note), 'assignment note cut');
  // extension and category correction reasons, 1,000 characters (4-byte characters too)
  const reason = long(1000, '𠀀');
  const lead = p.assignments.find((a) => a.role === 'lead');
  const until = new Date(Date.parse(lead.deadline) + 20 * 86400e3).toISOString().slice(0, 10);
  must(await ps.post(`${P}/${p.id}/extension`, { assignment_id: lead.id, until, reason }), 'extension');
  assert.ok((await lastNote(p.id)).endsWith(reason), 'extension reason cut');
  // re-route: 1,000-character reason and an 80-character unit name
  r = await mk.assigned();
  await act(f.u.h1, r.p, 'reroute', { reason: long(1000, '调'), suggested_unit: long(80, '局') });
  assert.ok((await lastNote(r.p.id)).endsWith(long(1000, '调') + '；建议由' + long(80, '局')), 'reroute reason cut');
  r = await mk.replied();
  must(await ps.post(`${P}/${r.p.id}/replies/${r.p.replies[0].id}/category`, { category: 'C', reason }), 'correct');
  assert.ok((await lastNote(r.p.id)).endsWith(reason), 'correction reason cut');
  // an attachment named with 120 characters
  const d = await mk.draft();
  const name = long(116, '长') + '.pdf';
  must(await f.u.m1.req('POST', `${P}/${d.p.id}/attachments?filename=${encodeURIComponent(name)}`, Buffer.from('%PDF-1.4\n%%EOF\n'),
    { headers: { 'Content-Type': 'application/pdf' } }), 'upload', 201);
  assert.ok((await lastNote(d.p.id)).includes(name), 'attachment name cut');
});

test('at the same moment: two co-signers both confirm; two split units, one is told its version is stale and retries', async () => {
  const reply = { text: '经研究，现答复如下：已列入年度计划。', category: 'A', signed_by: '局长', contact_method: '书面' };
  for (let i = 0; i < 4; i++) {
    let p = await submit(f.u.m1, await draft(f.u.m1, { cosigner_ids: [f.members[1].id, f.members[2].id] }));
    const rs = await Promise.all([f.u.m2, f.u.m3].map((m) => m.post(`${P}/${p.id}/cosign`, { decision: 'confirm' })));
    assert.deepEqual(rs.map((r) => r.status), [200, 200], JSON.stringify(rs.map((r) => r.body?.error)));
    p = await get(f.u.m1, p.id);
    assert.equal(p.state, 'under_review');
    assert.deepEqual(p.authors.map((a) => a.status), ['confirmed', 'confirmed', 'confirmed']);
  }
  for (let i = 0; i < 4; i++) {
    let p = (await mk.filed()).p;
    p = await act(f.u.pstaff, p, 'assign', { mode: 'split', split_unit_ids: [f.units[0].id, f.units[1].id] });
    p = await act(f.u.h1, p, 'accept');
    p = await act(f.u.h2, await get(f.u.h2, p.id), 'accept');
    const hs = [f.u.h1, f.u.h2];
    const rs = await Promise.all(hs.map((h) => h.post(`${P}/${p.id}/actions/reply`, { version: p.version, ...reply })));
    const statuses = rs.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409]);
    const late = hs[rs.findIndex((r) => r.status === 409)];
    expectError(assert, rs.find((r) => r.status === 409), 409, 'stale_version');
    let now = await get(f.u.pstaff, p.id);
    assert.equal(now.replies.length, 1, 'the refused reply left nothing behind');
    assert.equal(now.state, 'handling');
    now = await act(late, await get(late, p.id), 'reply', reply);
    assert.equal(now.state, 'replied');
    assert.equal(now.replies.length, 2);
  }
});

test('query strings with invalid UTF-8 are refused, not ignored', async () => {
  const e = expectError(assert, await f.u.pstaff.get('/api/v1/proposals?state=%FF'), 400, 'invalid_query');
  assert.ok(e.message.includes('UTF-8'));
  expectError(assert, await f.u.pstaff.get('/api/v1/proposals?q=%C0%AF'), 400, 'invalid_query');
});

test('HEAD answers like GET without a body; an unknown method on a known path is 405', async () => {
  const r = await f.u.pstaff.req('HEAD', '/api/v1/proposals');
  assert.equal(r.status, 200);
  assert.equal(r.text, '');
  assert.match(r.headers.get('content-type'), /application\/json/);
  expectError(assert, await f.u.pstaff.req('PUT', '/api/v1/proposals'), 405, 'method_not_allowed');
});

test('list search: % and _ are plain characters, not wildcards', async () => {
  const all = must(await f.u.pstaff.get('/api/v1/proposals?page_size=1'), 'all');
  assert.ok(all.total > 0);
  assert.equal(must(await f.u.pstaff.get('/api/v1/proposals?q=%25'), 'percent').total, 0);
  assert.equal(must(await f.u.pstaff.get('/api/v1/proposals?q=_'), 'underscore').total, 0);
  assert.ok(must(await f.u.pstaff.get(`/api/v1/proposals?q=${encodeURIComponent('建议')}`), 'word').total > 0);
});

test('an error about a very long unknown field still has the error shape, in valid UTF-8', async () => {
  const key = 'x' + '字'.repeat(500);   // one ASCII byte first, so a byte cut lands inside a character
  const e = expectError(assert, await f.u.m1.post('/api/v1/proposals', { [key]: 1 }), 400, 'unknown_field');
  assert.ok(e.message.startsWith('不认识的字段'));
  assert.ok(!e.message.includes('\uFFFD'), 'no broken character');
});
