// The body's rules as data: the review chain, the transition table, time
// limits and the working-day calendar — changed through the API, and the
// proposal cycle follows the change without new code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, draft, act, get, submit } from './proposal_steps.mjs';

const P = '/api/v1/proposals';
let server, f, defaults;
before(async () => {
  server = await startServer();
  f = await makeFixture(server);
  defaults = must(await f.admin.get('/api/v1/workflow'), 'workflow');
});
after(async () => { await server?.stop(); });

const stagesOf = (wf) => wf.review_stages.map(({ code, name, role }) => ({ code, name, role }));
const rulesOf = (wf) => wf.transitions.map(({ action, from_state, to_state, roles }) => ({ action, from_state, to_state, roles }));
const THREE = [
  { code: 'self_check', name: '自审', role: 'member' },
  { code: 'second_review', name: '复审', role: 'proposal_staff' },
  { code: 'approval', name: '审定', role: 'leader' },
];

test('GET /workflow: the default chain (立案四审), the transition table, the vocabularies', async () => {
  const wf = must(await f.u.m1.get('/api/v1/workflow'), 'member reads');
  assert.deepEqual(wf.review_stages.map((s) => [s.position, s.code, s.role]), [
    [1, 'self_check', 'member'], [2, 'first_review', 'committee_staff'], [3, 'second_review', 'proposal_staff'], [4, 'approval', 'leader'],
  ]);
  assert.ok(wf.review_stages.every((s) => /[\u4e00-\u9fff]/.test(s.name)));
  const rule = (a, from) => wf.transitions.find((t) => t.action === a && t.from_state === from);
  assert.deepEqual(rule('withdraw', 'under_review'), { action: 'withdraw', from_state: 'under_review', to_state: 'withdrawn',
    roles: rule('withdraw', 'under_review').roles, action_label: '撤案' });
  assert.match(rule('withdraw', 'under_review').roles, /member/);
  assert.equal(rule('assign', 'filed').roles, 'proposal_staff');
  assert.equal(rule('reply', 'handling').to_state, 'replied');
  assert.ok(wf.transitions.every((t) => t.action_label));
  assert.ok(wf.states.some((s) => s.code === 'under_review' && s.label === '审查中'));
  assert.ok(wf.categories.some((s) => s.code === 'society' && /民生/.test(s.label)));
  assert.ok(wf.not_filed_reasons.includes('个人诉求或涉诉涉法事项'));
  assert.ok(wf.supervision_forms.includes('政协领导领衔督办'));
  // the county starts with the same rules, kept apart
  const cw = must(await f.county.admin.get('/api/v1/workflow'), 'county');
  assert.deepEqual(stagesOf(cw), stagesOf(wf));
});

test('PUT /workflow/stages: a 3-stage chain, refused while it would strand proposals', async () => {
  // a proposal waiting at stage 4 (审定) under the default chain
  let waiting = await submit(f.u.m1, await draft(f.u.m1));
  waiting = await act(f.u.cstaffEcon, waiting, 'review_pass');
  waiting = await act(f.u.pstaff, waiting, 'review_pass');
  assert.equal(waiting.review_stage, 4);
  const e = expectError(assert, await f.admin.put('/api/v1/workflow/stages', { stages: THREE }), 409, 'in_use');
  assert.match(e.message, /1/);
  assert.equal(must(await f.admin.get('/api/v1/workflow'), 'unchanged').review_stages.length, 4);
  // once it is decided, the chain may shrink
  await act(f.u.leader, waiting, 'review_pass');
  const wf = must(await f.admin.put('/api/v1/workflow/stages', { stages: THREE }), 'three stages');
  assert.deepEqual(wf.review_stages.map((s) => [s.position, s.code, s.role]),
    [[1, 'self_check', 'member'], [2, 'second_review', 'proposal_staff'], [3, 'approval', 'leader']]);
  try {
    let p = await submit(f.u.m1, await draft(f.u.m1));
    assert.equal(p.state, 'under_review');
    assert.equal(p.review_stage, 2);
    assert.equal(p.review_stage_name, '复审');
    expectError(assert, await f.u.cstaffEcon.post(`${P}/${p.id}/actions/review_pass`, { version: p.version }), 403, 'forbidden');
    expectError(assert, await f.u.leader.post(`${P}/${p.id}/actions/review_pass`, { version: p.version }), 403, 'forbidden');
    assert.ok((await get(f.u.pstaff, p.id)).actions.includes('review_pass'));
    p = await act(f.u.pstaff, p, 'review_pass', { opinion: '同意' });
    assert.equal(p.review_stage, 3);
    assert.equal(p.review_stage_name, '审定');
    expectError(assert, await f.u.pstaff.post(`${P}/${p.id}/actions/review_pass`, { version: p.version }), 403, 'forbidden');
    p = await act(f.u.leader, p, 'review_pass', { opinion: '审定同意' });
    assert.equal(p.state, 'filed');
    assert.match(p.number_label, /第\d{4}号$/);
    const q = must(await f.u.pstaff.get(`${P}/queues`), 'queues');
    assert.deepEqual(q.review_stages.map((s) => s.code), THREE.map((s) => s.code));
    // the county's chain did not change
    assert.equal(must(await f.county.admin.get('/api/v1/workflow'), 'county').review_stages.length, 4);
    // shrinking further strands the proposal now at stage 3
    let r = await submit(f.u.m1, await draft(f.u.m1));
    r = await act(f.u.pstaff, r, 'review_pass');
    expectError(assert, await f.admin.put('/api/v1/workflow/stages', { stages: THREE.slice(0, 2) }), 409, 'in_use');
    await act(f.u.leader, r, 'review_pass');
  } finally {
    must(await f.admin.put('/api/v1/workflow/stages', { stages: stagesOf(defaults) }), 'restore stages');
  }
});

test('PUT /workflow/stages: bad chains are refused and change nothing', async () => {
  const put = (body) => f.admin.put('/api/v1/workflow/stages', body);
  const cases = [
    [{ stages: [{ code: 'first_review', name: '初审', role: 'committee_staff' }, THREE[2]] }, 422, 'invalid_value', 'stages[0].role'],
    [{ stages: [THREE[0]] }, 422, 'too_short', 'stages'],
    [{ stages: [] }, 422, 'required', 'stages'],
    [{ stages: [THREE[0], { ...THREE[1], role: 'info_staff' }] }, 422, 'invalid_value', 'stages[1].role'],
    [{ stages: [THREE[0], { ...THREE[1], role: 'member' }, THREE[2]] }, 422, 'invalid_value', 'stages[1].role'],
    [{ stages: [THREE[0], { ...THREE[1], days: 5 }] }, 400, 'unknown_field', 'stages[1].days'],
    [{ stages: [THREE[0], { ...THREE[1], name: undefined }] }, 422, 'required', 'stages[1].name'],
    [{ stages: [THREE[0], { ...THREE[1], name: '复'.repeat(41) }] }, 422, 'too_long', 'stages[1].name'],
    [{ stages: [THREE[0], 'second_review'] }, 400, 'invalid_type', 'stages'],
    [{ stages: THREE[1] }, 400, 'invalid_type', 'stages'],
    [{ stages: Array.from({ length: 11 }, (_, i) => (i ? { ...THREE[1], code: `s${i}` } : THREE[0])) }, 422, 'too_many', 'stages'],
    [{ stages: THREE, chain: 'short' }, 400, 'unknown_field', 'chain'],
  ];
  for (const [body, status, code, field] of cases) {
    const e = expectError(assert, await put(body), status, code);
    assert.equal(e.field, field, JSON.stringify(body));
  }
  expectError(assert, await f.u.pstaff.put('/api/v1/workflow/stages', { stages: THREE }), 403, 'forbidden');
  expectError(assert, await f.u.leader.put('/api/v1/workflow/stages', { stages: THREE }), 403, 'forbidden');
  assert.deepEqual(stagesOf(must(await f.admin.get('/api/v1/workflow'), 'after')), stagesOf(defaults));
});

test('PUT /workflow/transitions: without withdraw from under_review, withdraw is 409 there and still works from a draft', async () => {
  const rules = rulesOf(defaults);
  const fewer = rules.filter((t) => !(t.action === 'withdraw' && t.from_state === 'under_review'));
  assert.equal(fewer.length, rules.length - 1);
  const review = await submit(f.u.m1, await draft(f.u.m1));
  assert.ok(review.actions.includes('withdraw'));
  must(await f.admin.put('/api/v1/workflow/transitions', { transitions: fewer }), 'remove the rule');
  try {
    const seen = await get(f.u.m1, review.id);
    assert.ok(!seen.actions.includes('withdraw'), 'the UI no longer offers it');
    const e = expectError(assert, await f.u.m1.post(`${P}/${review.id}/actions/withdraw`, { version: review.version, reason: '撤回' }),
      409, 'invalid_state');
    assert.match(e.message, /审查中/);
    assert.equal((await get(f.u.m1, review.id)).state, 'under_review');
    const d = await draft(f.u.m1);
    assert.equal((await act(f.u.m1, d, 'withdraw', { reason: '不再提交' })).state, 'withdrawn');
    // the county's rules are its own: withdraw from review still works there
    let cp = must(await f.county.u.member.post(P, { title: '关于县域养老的建议', analysis: '分析。', suggestions: '建议。', category: 'society' }), 'county', 201);
    cp = await submit(f.county.u.member, cp);
    assert.equal((await act(f.county.u.member, cp, 'withdraw', { reason: '撤回' })).state, 'withdrawn');
  } finally {
    must(await f.admin.put('/api/v1/workflow/transitions', { transitions: rules }), 'restore');
  }
  const back = await get(f.u.m1, review.id);
  assert.equal((await act(f.u.m1, back, 'withdraw', { reason: '撤回' })).state, 'withdrawn');
});

test('PUT /workflow/transitions: bad rules are refused and change nothing', async () => {
  const rules = rulesOf(defaults);
  const put = (transitions) => f.admin.put('/api/v1/workflow/transitions', { transitions });
  const one = { action: 'withdraw', from_state: 'draft', to_state: 'withdrawn', roles: 'member' };
  const cases = [
    [[...rules, one], 422, 'duplicate', 'transitions'],
    [[{ ...one, action: 'teleport' }], 422, 'invalid_value', 'transitions[0].action'],
    [[{ ...one, from_state: 'limbo' }], 422, 'invalid_value', 'transitions[0].from_state'],
    [[{ ...one, to_state: 'heaven' }], 422, 'invalid_value', 'transitions[0].to_state'],
    [[{ ...one, roles: 'member,janitor' }], 422, 'invalid_value', 'transitions[0].roles'],
    [[{ ...one, roles: '' }], 422, 'required', 'transitions[0].roles'],
    [[{ ...one, roles: ['member'] }], 400, 'invalid_type', 'transitions[0].roles'],
    [[{ ...one, note: 'x' }], 400, 'unknown_field', 'transitions[0].note'],
    [{ withdraw: one }, 400, 'invalid_type', 'transitions'],
    // the system's own steps cannot be configured away
    [rules.filter((r) => !(r.action === 'close' && r.from_state === 'replied')), 422, 'required', 'transitions'],
    [rules.filter((r) => r.action !== 'cosign_complete'), 422, 'required', 'transitions'],
  ];
  for (const [body, status, code, field] of cases) {
    const e = expectError(assert, await put(body), status, code);
    assert.equal(e.field, field, JSON.stringify(body).slice(0, 200));
  }
  expectError(assert, await f.u.pstaff.put('/api/v1/workflow/transitions', { transitions: rules }), 403, 'forbidden');
  assert.deepEqual(rulesOf(must(await f.admin.get('/api/v1/workflow'), 'after')), rules);
});

test('settings: reply_months=2 sets the next assignment\'s deadline; bad settings refused', async () => {
  const limits = must(await f.u.m1.get('/api/v1/settings'), 'settings').limits;
  const reply = limits.find((l) => l.key === 'reply_months');
  assert.deepEqual([reply.value, reply.default, reply.min, reply.max], [3, 3, 1, 12]);
  assert.ok(/[\u4e00-\u9fff]/.test(reply.label));
  const { today } = must(await f.admin.post('/api/v1/_test/clock', { offset_days: 0 }), 'today');
  const want = async (months) => must(await f.u.pstaff.get(`/api/v1/calendar/deadline?from=${today}&months=${months}`), 'deadline').deadline;
  const filed = async () => {
    let p = await submit(f.u.m1, await draft(f.u.m1));
    p = await act(f.u.cstaffEcon, p, 'review_pass');
    p = await act(f.u.pstaff, p, 'review_pass');
    return act(f.u.leader, p, 'review_pass');
  };
  const p3 = await act(f.u.pstaff, await filed(), 'assign', { mode: 'lead', lead_unit_id: f.units[0].id });
  assert.equal(p3.reply_deadline, await want(3));
  const out = must(await f.admin.put('/api/v1/settings', { reply_months: 2 }), 'set reply_months');
  assert.equal(out.limits.find((l) => l.key === 'reply_months').value, 2);
  try {
    const p2 = await act(f.u.pstaff, await filed(), 'assign', { mode: 'lead', lead_unit_id: f.units[0].id });
    assert.equal(p2.reply_deadline, await want(2));
    assert.notEqual(p2.reply_deadline, p3.reply_deadline);
    assert.equal(p2.assignments[0].deadline, p2.reply_deadline);
    // an assignment made before the change keeps its deadline
    assert.equal((await get(f.u.pstaff, p3.id)).reply_deadline, await want(3));
    // the county keeps its own limits
    assert.equal(must(await f.county.admin.get('/api/v1/settings'), 'county').limits.find((l) => l.key === 'reply_months').value, 3);
  } finally {
    must(await f.admin.put('/api/v1/settings', { reply_months: 3 }), 'restore');
  }
  const bad = [
    [{ answer_months: 2 }, 400, 'unknown_field', 'answer_months'],
    [{ reply_months: 13 }, 422, 'out_of_range', 'reply_months'],
    [{ reply_months: 0 }, 422, 'out_of_range', 'reply_months'],
    [{ evaluation_days: -1 }, 422, 'out_of_range', 'evaluation_days'],
    [{ reply_months: '2' }, 400, 'invalid_type', 'reply_months'],
    [{ reply_months: 2.5 }, 400, 'invalid_type', 'reply_months'],
    [{ reply_months: 2, cosign_days: 61 }, 422, 'out_of_range', 'cosign_days'],
  ];
  for (const [body, status, code, field] of bad) {
    const e = expectError(assert, await f.admin.put('/api/v1/settings', body), status, code);
    assert.equal(e.field, field);
  }
  expectError(assert, await f.admin.put('/api/v1/settings', [1]), 400);
  expectError(assert, await f.u.pstaff.put('/api/v1/settings', { reply_months: 2 }), 403, 'forbidden');
  const after = must(await f.admin.get('/api/v1/settings'), 'after').limits;
  assert.deepEqual(after.map((l) => [l.key, l.value]), limits.map((l) => [l.key, l.value]), 'refused settings changed nothing');
});

test('calendar: Spring Festival 2026 as data; working-day deadlines; only the top body\'s admin edits it', async () => {
  const y = must(await f.u.m1.get('/api/v1/calendar?year=2026'), 'calendar 2026').items;
  const day = (d) => y.find((x) => x.day === d);
  for (let d = 15; d <= 23; d++) assert.equal(day(`2026-02-${d}`).kind, 'holiday', `2026-02-${d}`);
  assert.equal(day('2026-02-16').name, '春节');
  assert.equal(day('2026-02-14').kind, 'workday');
  assert.equal(day('2026-02-28').kind, 'workday');
  assert.ok(y.every((x) => x.day.startsWith('2026-')));
  const deadline = async (q) => must(await f.u.h1.get(`/api/v1/calendar/deadline?${q}`), q).deadline;
  assert.equal(await deadline('from=2026-02-11&workdays=5'), '2026-02-25');
  assert.equal(await deadline('from=2026-02-11&workdays=0'), '2026-02-11');
  // Jan 31 + 1 month is Feb 28, a Saturday, but a make-up working day in 2026
  assert.equal(await deadline('from=2026-01-31&months=1'), '2026-02-28');
  // Sep 30 + 1 day is the National Day holiday: rolled to the first working day after it
  assert.equal(await deadline('from=2026-09-30&workdays=1'), '2026-10-08');

  // admin adds a holiday on Monday 2030-07-01, then removes it
  assert.equal(await deadline('from=2030-06-28&workdays=1'), '2030-07-01');
  expectError(assert, await f.county.admin.put('/api/v1/calendar', { day: '2030-07-01', kind: 'holiday', name: '测试假日' }), 403, 'forbidden');
  expectError(assert, await f.county.admin.del('/api/v1/calendar?day=2026-02-16'), 403, 'forbidden');
  expectError(assert, await f.u.pstaff.put('/api/v1/calendar', { day: '2030-07-01', kind: 'holiday' }), 403, 'forbidden');
  const put = must(await f.admin.put('/api/v1/calendar', { day: '2030-07-01', kind: 'holiday', name: '测试假日' }), 'add');
  assert.deepEqual(put, { day: '2030-07-01', kind: 'holiday', name: '测试假日' });
  try {
    assert.deepEqual(must(await f.county.u.member.get('/api/v1/calendar?year=2030'), 'county reads').items,
      [{ day: '2030-07-01', kind: 'holiday', name: '测试假日' }]);
    assert.equal(await deadline('from=2030-06-28&workdays=1'), '2030-07-02');
  } finally {
    must(await f.admin.del('/api/v1/calendar?day=2030-07-01'), 'remove');
  }
  assert.equal(await deadline('from=2030-06-28&workdays=1'), '2030-07-01');
  assert.equal(must(await f.u.m1.get('/api/v1/calendar?year=2030'), '2030').items.length, 0);
  expectError(assert, await f.admin.del('/api/v1/calendar?day=2030-07-01'), 404, 'not_found');
  // the Spring Festival is still there
  assert.equal(must(await f.u.m1.get('/api/v1/calendar?year=2026'), '2026').items.length, y.length);
});

test('calendar: bad input', async () => {
  const a = f.admin;
  expectError(assert, await a.put('/api/v1/calendar', { day: '2030-02-30', kind: 'holiday' }), 400, 'invalid_date');
  expectError(assert, await a.put('/api/v1/calendar', { day: '2030/07/01', kind: 'holiday' }), 400, 'invalid_date');
  expectError(assert, await a.put('/api/v1/calendar', { day: '2030-07-01', kind: 'weekend' }), 422, 'invalid_value');
  expectError(assert, await a.put('/api/v1/calendar', { day: '2030-07-01' }), 422, 'required');
  expectError(assert, await a.put('/api/v1/calendar', { day: '2030-07-01', kind: 'holiday', name: '假\n日' }), 400, 'invalid_text');
  expectError(assert, await a.put('/api/v1/calendar', { day: '2030-07-01', kind: 'holiday', region: '浙江' }), 400, 'unknown_field');
  expectError(assert, await a.del('/api/v1/calendar'), 400, 'invalid_query');
  expectError(assert, await a.del('/api/v1/calendar?day=tomorrow'), 400, 'invalid_query');
  for (const q of ['', 'from=2026-02-30&workdays=5', 'from=2026-02-11', 'from=2026-02-11&workdays=5&months=1', 'from=2026-02-11&workdays=401',
    'from=2026-02-11&months=25', 'from=2026-02-11&workdays=-1', 'from=2026-02-11&workdays=five'])
    expectError(assert, await f.u.m1.get(`/api/v1/calendar/deadline?${q}`), 400, 'invalid_query');
  expectError(assert, await f.u.m1.get('/api/v1/calendar?year=abc'), 400, 'invalid_query');
  assert.equal(must(await a.get('/api/v1/calendar?year=2030'), '2030').items.length, 0, 'nothing was written');
});
