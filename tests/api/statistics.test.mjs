// Every figure of GET /api/v1/statistics against numbers counted by hand from
// a small set built in a fresh server (domain.md §3, the statistics table).
//
// Units: U0 = units[0] (handler1), U1 = units[1] (handler2), U2 = units[2] (handler3).
// Members: m1, m2 economy committee; m3, m4, m5 society committee. Clock: days from today.
//
// | #   | author (kind)           | category / keywords | path                                                             | end state    |
// |-----|-------------------------|---------------------|------------------------------------------------------------------|--------------|
// | P1  | m1 (individual)         | society             | filed, lead U0 + co U1, reply A on time, m1 满意; key, excellent  | closed       |
// | P2  | m1 + m2 (joint)         | economy / 民生,就业  | filed, lead U1, reply B on time, m1 基本满意, m2 基本满意        | closed       |
// | P3  | 民盟 (collective)       | economy             | assigned U0 at day −120, reply C at day 0: late                  | replied      |
// | P4  | m3 (individual)         | culture             | lead U2, reply A, m3 不满意 → re-handled, reply B (corrected to C), m3 不满意 (final) | closed |
// | P5  | m1 (P8's author credited) | ecology             | assigned U0 at day −120, accepted, no reply: overdue; P8 merged in | handling   |
// | P6  | m4                      | politics            | rejected                                                         | rejected     |
// | P7  | m4                      | politics            | converted to 社情民意                                            | converted    |
// | P8  | m3                      | society             | merged into P5                                                   | merged       |
// | P9  | m4                      | politics            | submitted, withdrawn                                             | withdrawn    |
// | P10 | m1                      | society             | draft, never submitted                                           | draft        |
// | P11 | m4                      | society             | draft withdrawn before submission                                 | withdrawn    |
// | P12 | m5                      | society             | split U1 + U2; U1 replies A on time, U2 accepted only            | handling     |
// | P13 | m5, not plenary         | other               | under review                                                     | under_review |
// | P14 | m5                      | economy             | submitted, returned for revision                                 | draft        |
// | PU  | m4                      | politics            | assigned U2 at day −120, reply A on time, never evaluated        | closed (未评价) |
// | PC  | county member           | society             | county body: must count nowhere in body 1                        | under_review |
//
// received   = submitted ever: P1–P9, P12, P13, P14, PU                                = 13 (P10, P11, PC not)
// plenary    = received less P13                                                     = 12
// filed      = P1, P2, P3, P4, P5, P12, PU                                           = 7;  filing rate 7/13 = 53.8 %
// not filed  = P6, P7 = 2; converted = 1 (P7); merged = 1 (P8); withdrawn after submission = 1 (P9)
// collective = P3 = 1; share 1/7 = 14.3 %;   joint = P2 = 1 (a merge credits authors; it does not make the target a joint proposal)
// livelihood = society or 民生 keyword among filed: P1, P2, P12 = 3; 3/7 = 42.9 %
// reply rate = filed with a reply: P1, P2, P3, P4, P12, PU = 6; 6/7 = 85.7 %
// closing    = P1, P2, P4, PU = 4; 4/7 = 57.1 %; closed unevaluated = 1 (PU)
// final evaluations (each author's last round): P1 m1 满意/过程满意/联系; P2 m1 基本/基本/联系;
//   P2 m2 基本/不满意/未联系; P4 m3 (round 2) 不满意/基本/未联系                      = 4
// satisfaction = 满意+基本满意 3/4 = 75.0 %; fully 1/4 = 25.0 %; process 3/4 = 75.0 %; contacted 2/4 = 50.0 %
// replies    = P1 A, P2 B, P3 C (late), P4 A, P4 C (was B), P12 A, PU A               = 7
// on time    = 6/7 = 85.7 %; A 4/7 = 57.1 %; B 1/7 = 14.3 %; C 2/7 = 28.6 %
// key = 1 (P1); excellent = 1 (P1); rehandled = 1 (P4); overdue = 1 (P5)
// by category (filed): culture 1 (14.3), ecology 1 (14.3), economy 2 (28.6), politics 1 (14.3), society 2 (28.6)
// collective by unit: 民盟测试市委会 1 (100.0 % of collective)
// units (active assignments in the session):
//   U0: assigned 3 (P1 lead, P3, P5), to answer 3, replied 2 (P1, P3), replies 2, on time 1 (50.0), evaluated 1, satisfied 1 (100.0)
//   U1: assigned 3 (P1 co, P2, P12), to answer 2, replied 2, replies 2, on time 2 (100.0), evaluated 2, satisfied 2 (100.0)
//   U2: assigned 3 (P4, P12, PU), to answer 3, replied 2 (P4, PU), replies 3, on time 3 (100.0), evaluated 1, satisfied 0 (0.0)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, act, get, submit } from './proposal_steps.mjs';

const P = '/api/v1/proposals';
let server, f, stats, county;

const clock = async (days) => must(await f.admin.post('/api/v1/_test/clock', { offset_days: days }), `clock ${days}`);
const REPLY = '经研究，现答复如下：我单位已会同有关部门研究落实。';

async function create(client, { category, keywords = '', cosigners = [], plenary = true, ...extra }) {
  return must(await client.post(P, {
    title: `关于${category}领域的建议`, analysis: '现状分析。', suggestions: '具体建议。',
    category, keywords, plenary, publish_consent: true, ...(cosigners.length ? { cosigner_ids: cosigners } : {}), ...extra,
  }), 'create', 201);
}
const submitted = async (client, spec) => submit(client, await create(client, spec));
/** Stage 2 by the author's committee, 3 by proposal staff, 4 by the leader. */
async function filed(client, cstaff, spec) {
  let p = await submitted(client, spec);
  if (spec.cosigners?.length) {
    must(await f.u.m2.post(`${P}/${p.id}/cosign`, { decision: 'confirm' }), 'cosign');
    p = await get(client, p.id);
  }
  p = await act(cstaff, p, 'review_pass');
  p = await act(f.u.pstaff, p, 'review_pass');
  return act(f.u.leader, p, 'review_pass');
}
const assign = (p, body) => act(f.u.pstaff, p, 'assign', body);
const reply = (h, p, category) => act(h, p, 'reply', { text: REPLY, category, signed_by: '局长', contact_method: '书面' });
async function rate(member, p, process, result, contacted) {
  return must(await member.post(`${P}/${p.id}/actions/evaluate`,
    { process_satisfaction: process, result_satisfaction: result, contacted }), 'evaluate');
}

before(async () => {
  server = await startServer();
  f = await makeFixture(server);
  const { m1, m3, m4, m5, h1, h2, h3, cstaffEcon, cstaffSoc, pstaff, leader } = f.u;
  const [U0, U1, U2] = f.units.map((u) => u.id);
  try {
    // --- day −120: what must be late or overdue today, and what closes unevaluated.
    await clock(-120);
    let p3 = await submitted(pstaff, { category: 'economy', collective_kind: 'participating_unit', collective_id: f.partUnits[0].id });
    p3 = await act(cstaffEcon, p3, 'review_pass');
    p3 = await act(pstaff, p3, 'review_pass');
    p3 = await act(leader, p3, 'review_pass');
    p3 = await assign(p3, { mode: 'lead', lead_unit_id: U0 });
    let p5 = await filed(m1, cstaffEcon, { category: 'ecology' });
    p5 = await assign(p5, { mode: 'lead', lead_unit_id: U0 });
    p5 = await act(h1, p5, 'accept');
    let pu = await filed(m4, cstaffSoc, { category: 'politics' });
    pu = await assign(pu, { mode: 'lead', lead_unit_id: U2 });
    pu = await act(h3, pu, 'accept');
    pu = await reply(h3, pu, 'A');
    assert.equal(pu.replies[0].on_time, true);
    await clock(0);
    assert.equal((await get(m4, pu.id)).closed_unevaluated, true, 'PU closed unevaluated when the window passed');

    // --- today.
    p3 = await act(h1, await get(h1, p3.id), 'accept');
    p3 = await reply(h1, p3, 'C');
    assert.equal(p3.replies[0].on_time, false, 'P3 replied late');

    let p1 = await filed(m1, cstaffEcon, { category: 'society' });
    p1 = await assign(p1, { mode: 'lead', lead_unit_id: U0, co_unit_ids: [U1] });
    p1 = await act(h1, p1, 'accept');
    must(await h2.post(`${P}/${p1.id}/co-opinions`, { text: '我委配合办理。' }), 'co-opinion');
    p1 = await reply(h1, await get(h1, p1.id), 'A');
    p1 = await rate(m1, p1, 'satisfied', 'satisfied', true);
    assert.equal(p1.state, 'closed');
    must(await leader.post(`${P}/${p1.id}/key`, { key_proposal: true, supervising_leader: '张副主席', supervision_form: '政协领导领衔督办' }), 'key');
    must(await pstaff.post(`${P}/${p1.id}/excellent`, { excellent: true }), 'excellent');

    let p2 = await filed(m1, cstaffEcon, { category: 'economy', keywords: '民生,就业', cosigners: [f.members[1].id] });
    assert.equal(p2.kind, 'joint');
    p2 = await assign(p2, { mode: 'lead', lead_unit_id: U1 });
    p2 = await act(h2, p2, 'accept');
    p2 = await reply(h2, p2, 'B');
    p2 = await rate(m1, p2, 'basic', 'basic', true);
    p2 = await rate(f.u.m2, p2, 'dissatisfied', 'basic', false);
    assert.equal(p2.state, 'closed');

    let p4 = await filed(m3, cstaffSoc, { category: 'culture' });
    p4 = await assign(p4, { mode: 'lead', lead_unit_id: U2 });
    p4 = await act(h3, p4, 'accept');
    p4 = await reply(h3, p4, 'A');
    p4 = await rate(m3, p4, 'satisfied', 'dissatisfied', true);
    assert.equal(p4.state, 'rehandling');
    p4 = await reply(h3, p4, 'B');
    p4 = await rate(m3, p4, 'basic', 'dissatisfied', false);
    assert.equal(p4.state, 'closed');
    p4 = must(await pstaff.post(`${P}/${p4.id}/replies/${p4.replies[1].id}/category`, { category: 'C', reason: '实际暂不能解决' }), 'correct');
    assert.deepEqual(p4.replies.map((r) => r.category), ['A', 'C']);

    let p8 = await submitted(m3, { category: 'society' });
    p8 = await act(cstaffSoc, p8, 'review_pass');
    p8 = await act(pstaff, p8, 'merge', { target_id: p5.id });
    let p6 = await submitted(m4, { category: 'politics' });
    p6 = await act(cstaffSoc, p6, 'review_pass');
    await act(pstaff, p6, 'reject', { reason: '不属于政协职能范围' });
    await act(cstaffSoc, await submitted(m4, { category: 'politics' }), 'convert', { reason: '建议不具体、不可行', converted_to: '社情民意' });
    await act(m4, await submitted(m4, { category: 'politics' }), 'withdraw', { reason: '已解决' });
    await create(m1, { category: 'society' });
    await act(m4, await create(m4, { category: 'society' }), 'withdraw', { reason: '不再提交' });
    let p12 = await filed(m5, cstaffSoc, { category: 'society' });
    p12 = await assign(p12, { mode: 'split', split_unit_ids: [U1, U2] });
    p12 = await act(h2, p12, 'accept');
    p12 = await reply(h2, p12, 'A');
    assert.equal(p12.state, 'handling');
    await act(h3, await get(h3, p12.id), 'accept');
    await submitted(m5, { category: 'other', plenary: false });
    await act(cstaffSoc, await submitted(m5, { category: 'economy' }), 'return', { opinion: '请补充数据' });

    // the county's proposal, in the county's own session
    await submitted(f.county.u.member, { category: 'society' });
    county = must(await f.county.u.pstaff.get('/api/v1/statistics'), 'county statistics');
    stats = must(await pstaff.get('/api/v1/statistics'), 'statistics');
  } finally {
    await clock(0);
  }
});
after(async () => { await server?.stop(); });

const fig = (k) => stats.figures[k];
const rate_ = (k, num, den, percent) => {
  const x = fig(k);
  assert.deepEqual({ numerator: x.numerator, denominator: x.denominator, percent: x.percent }, { numerator: num, denominator: den, percent }, k);
};

test('counts: received, plenary, filed, not filed, converted, merged, withdrawn', () => {
  assert.equal(stats.session.id, f.sessionId);
  const counts = Object.fromEntries(['received', 'plenary', 'filed', 'not_filed', 'converted', 'merged', 'withdrawn', 'collective',
    'joint', 'closed_unevaluated', 'key', 'excellent', 'rehandled', 'overdue'].map((k) => [k, fig(k).value]));
  assert.deepEqual(counts, {
    received: 13, plenary: 12, filed: 7, not_filed: 2, converted: 1, merged: 1, withdrawn: 1, collective: 1,
    joint: 1, closed_unevaluated: 1, key: 1, excellent: 1, rehandled: 1, overdue: 1,
  });
});

test('rates: filing, collective, livelihood, reply, closing', () => {
  rate_('filing_rate', 7, 13, 53.8);
  rate_('collective_share', 1, 7, 14.3);
  rate_('livelihood_share', 3, 7, 42.9);
  rate_('reply_rate', 6, 7, 85.7);
  rate_('closing_rate', 4, 7, 57.1);
});

test('satisfaction counts each author\'s final evaluation', () => {
  rate_('satisfaction', 3, 4, 75);
  rate_('full_satisfaction', 1, 4, 25);
  rate_('process_satisfaction', 3, 4, 75);
  rate_('contacted_rate', 2, 4, 50);
});

test('replies: on time and A/B/C (after the correction)', () => {
  rate_('on_time_rate', 6, 7, 85.7);
  rate_('category_a', 4, 7, 57.1);
  rate_('category_b', 1, 7, 14.3);
  rate_('category_c', 2, 7, 28.6);
});

test('by category and collective by participating unit', () => {
  assert.deepEqual(stats.by_category.map(({ category, filed, percent }) => ({ category, filed, percent })), [
    { category: 'culture', filed: 1, percent: 14.3 },
    { category: 'ecology', filed: 1, percent: 14.3 },
    { category: 'economy', filed: 2, percent: 28.6 },
    { category: 'politics', filed: 1, percent: 14.3 },
    { category: 'society', filed: 2, percent: 28.6 },
  ]);
  assert.ok(stats.by_category.every((c) => /[\u4e00-\u9fff]/.test(c.label)));
  assert.deepEqual(stats.collective_by_unit.map(({ participating_unit_id, name, filed, percent_of_collective }) =>
    ({ participating_unit_id, name, filed, percent_of_collective })),
  [{ participating_unit_id: f.partUnits[0].id, name: f.partUnits[0].name, filed: 1, percent_of_collective: 100 }]);
});

test('units: assigned, replied, on time, satisfaction', () => {
  const row = (u) => {
    const x = stats.units.find((r) => r.unit_id === u.id);
    assert.ok(x, `unit ${u.name} missing`);
    const { assigned, assigned_to_answer, replied, replies, on_time, on_time_percent, evaluated, satisfied, satisfaction_percent } = x;
    return { assigned, assigned_to_answer, replied, replies, on_time, on_time_percent, evaluated, satisfied, satisfaction_percent };
  };
  assert.deepEqual(stats.units.map((r) => r.unit_id), f.units.map((u) => u.id), 'every unit with assignments, none of the county\'s');
  assert.deepEqual(row(f.units[0]), { assigned: 3, assigned_to_answer: 3, replied: 2, replies: 2, on_time: 1, on_time_percent: 50, evaluated: 1, satisfied: 1, satisfaction_percent: 100 });
  assert.deepEqual(row(f.units[1]), { assigned: 3, assigned_to_answer: 2, replied: 2, replies: 2, on_time: 2, on_time_percent: 100, evaluated: 2, satisfied: 2, satisfaction_percent: 100 });
  assert.deepEqual(row(f.units[2]), { assigned: 3, assigned_to_answer: 3, replied: 2, replies: 3, on_time: 3, on_time_percent: 100, evaluated: 1, satisfied: 0, satisfaction_percent: 0 });
});

test('every figure is labelled and defined in Chinese', () => {
  for (const [k, v] of Object.entries(stats.figures)) {
    assert.ok(/[\u4e00-\u9fff]/.test(v.label), k);
    assert.ok(/[\u4e00-\u9fff]/.test(v.definition), k);
  }
  assert.match(stats.as_of, /^\d{4}-\d{2}-\d{2}$/);
});

test('the county\'s statistics count only its own proposal; empty denominators are null', () => {
  assert.equal(county.session.id, f.county.sessionId);
  assert.equal(county.figures.received.value, 1);
  assert.equal(county.figures.filed.value, 0);
  assert.deepEqual([county.figures.filing_rate.numerator, county.figures.filing_rate.denominator, county.figures.filing_rate.percent], [0, 1, 0]);
  for (const k of ['collective_share', 'reply_rate', 'closing_rate', 'satisfaction', 'on_time_rate', 'category_a'])
    assert.equal(county.figures[k].percent, null, k);
  assert.deepEqual(county.units, []);
  assert.deepEqual(county.by_category, []);
});

test('statistics: unknown session 404, bad session_id 400, members and units 403', async () => {
  expectError(assert, await f.u.pstaff.get('/api/v1/statistics?session_id=999999'), 404, 'not_found');
  expectError(assert, await f.u.pstaff.get(`/api/v1/statistics?session_id=${f.county.sessionId}`), 404, 'not_found');
  expectError(assert, await f.u.pstaff.get('/api/v1/statistics?session_id=abc'), 400, 'invalid_query');
  expectError(assert, await f.u.m1.get('/api/v1/statistics'), 403, 'forbidden');
  expectError(assert, await f.u.h1.get('/api/v1/statistics'), 403, 'forbidden');
  // the figures are computed, never stored: the leader sees the same
  const again = must(await f.u.leader.get(`/api/v1/statistics?session_id=${f.sessionId}`), 'leader');
  assert.deepEqual(again.figures, stats.figures);
});
