// The proposal cycle 提、立、办、督、评 through the HTTP API, every path of the
// core issue, each step by the role that takes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, draft, act, get, submit, fileIt, assign, reply, evaluate, assignedProposal, eventsOf } from './proposal_steps.mjs';

let server, f;
before(async () => { server = await startServer(); f = await makeFixture(server); });
after(async () => { await server?.stop(); });

test('filed → assigned → replied → satisfied → closed, with history', async () => {
  let p = await draft(f.u.m1);
  assert.equal(p.state, 'draft');
  assert.equal(p.kind, 'individual');
  p = await submit(f.u.m1, p);
  assert.equal(p.state, 'under_review');
  assert.equal(p.review_stage, 2);
  p = await fileIt(f, p, f.u.cstaffEcon);
  assert.match(p.number_label, /^一届一次会议第\d{4}号$/);
  p = await assign(f, p, { mode: 'lead', lead_unit_id: f.units[0].id, co_unit_ids: [f.units[1].id] });
  assert.equal(p.state, 'assigned');
  assert.ok(p.reply_deadline > p.reroute_deadline);
  p = await act(f.u.h1, p, 'accept');
  assert.equal(p.state, 'handling');
  // the co-unit sends its opinion to the lead unit
  must(await f.u.h2.post(`/api/v1/proposals/${p.id}/co-opinions`, { text: '我委将配合做好相关工作。' }), 'co-opinion');
  p = await get(f.u.h1, p.id);
  p = await reply(f.u.h1, p, 'A');
  assert.equal(p.state, 'replied');
  assert.equal(p.replies.length, 1);
  assert.equal(p.replies[0].on_time, true);
  p = await evaluate(f.u.m1, p, 'satisfied');
  assert.equal(p.state, 'closed');
  const events = await eventsOf(f.u.m1, p.id);
  assert.deepEqual(events.map((e) => e.action),
    ['submit', 'cosign_complete', 'review_pass', 'review_pass', 'file', 'assign', 'accept', 'co_opinion', 'reply', 'evaluate', 'close']);
  for (const e of events) assert.ok(e.at > 0 && e.action_label, JSON.stringify(e));
  const paged = must(await f.u.m1.get(`/api/v1/proposals/${p.id}/events?page=2&page_size=4`), 'events page 2');
  assert.equal(paged.total, events.length);
  assert.deepEqual(paged.items.map((e) => e.id), events.slice(4, 8).map((e) => e.id));
  assert.equal(events[0].actor_name, f.u.m1.user.display_name);
  assert.equal(events[1].actor_name, '系统');
});

test('joint proposal: co-signers confirm before review; decline is recorded', async () => {
  let p = await draft(f.u.m1, { cosigner_ids: [f.members[1].id, f.members[2].id] });
  assert.equal(p.kind, 'joint');
  // invitations are invisible while the proposal is a draft
  expectError(assert, await f.u.m2.get(`/api/v1/proposals/${p.id}`), 404, 'not_found');
  p = await submit(f.u.m1, p);
  assert.equal(p.state, 'submitted');
  assert.ok(p.cosign_deadline);
  must(await f.u.m2.post(`/api/v1/proposals/${p.id}/cosign`, { decision: 'confirm' }), 'confirm');
  expectError(assert, await f.u.m2.post(`/api/v1/proposals/${p.id}/cosign`, { decision: 'confirm' }), 403);
  expectError(assert, await f.u.m4.post(`/api/v1/proposals/${p.id}/cosign`, { decision: 'confirm' }), 404);
  p = must(await f.u.m3.post(`/api/v1/proposals/${p.id}/cosign`, { decision: 'decline' }), 'decline');
  assert.equal(p.state, 'under_review');
  const status = Object.fromEntries(p.authors.map((a) => [a.member_id, a.status]));
  assert.equal(status[f.members[1].id], 'confirmed');
  assert.equal(status[f.members[2].id], 'declined');
});

test('co-sign invitations expire and the proposal goes to review', async () => {
  let p = await draft(f.u.m1, { cosigner_ids: [f.members[3].id] });
  p = await submit(f.u.m1, p);
  assert.equal(p.state, 'submitted');
  must(await f.admin.post('/api/v1/_test/clock', { offset_days: 8 }), 'clock');
  try {
    p = await get(f.u.m1, p.id);
    assert.equal(p.state, 'under_review');
    assert.equal(p.authors.find((a) => a.member_id === f.members[3].id).status, 'expired');
  } finally {
    must(await f.admin.post('/api/v1/_test/clock', { offset_days: 0 }), 'clock reset');
  }
});

test('not filed → converted, and rejected with a reason from the list', async () => {
  let p = await submit(f.u.m1, await draft(f.u.m1));
  expectError(assert, await f.u.cstaffEcon.post(`/api/v1/proposals/${p.id}/actions/convert`,
    { version: p.version, reason: '随便写的理由', converted_to: '社情民意' }), 422, 'invalid_value');
  p = await act(f.u.cstaffEcon, p, 'convert', { reason: '建议不具体、不可行', converted_to: '社情民意', opinion: '转社情民意信息' });
  assert.equal(p.state, 'converted');
  assert.equal(p.converted_to, '社情民意');
  let q = await submit(f.u.m1, await draft(f.u.m1));
  q = await act(f.u.cstaffEcon, q, 'review_pass');
  q = await act(f.u.pstaff, q, 'reject', { reason: '个人诉求或涉诉涉法事项' });
  assert.equal(q.state, 'rejected');
  assert.equal(q.not_filed_reason, '个人诉求或涉诉涉法事项');
});

test('merged: both authors credited on the target', async () => {
  let target = await fileIt(f, await submit(f.u.m1, await draft(f.u.m1)), f.u.cstaffEcon);
  let src = await submit(f.u.m3, await draft(f.u.m3));
  src = await act(f.u.cstaffSoc, src, 'review_pass');
  src = await act(f.u.pstaff, src, 'merge', { target_id: target.id, opinion: '内容相近，并案办理' });
  assert.equal(src.state, 'merged');
  assert.equal(src.merged_into_id, target.id);
  target = await get(f.u.pstaff, target.id);
  const merged = target.authors.find((a) => a.member_id === f.members[2].id);
  assert.equal(merged.role, 'merged');
  // the merged author can read and later rate the target
  must(await f.u.m3.get(`/api/v1/proposals/${target.id}`), 'merged author reads target');
});

test('returned for revision → resubmitted', async () => {
  let p = await submit(f.u.m1, await draft(f.u.m1));
  expectError(assert, await f.u.cstaffEcon.post(`/api/v1/proposals/${p.id}/actions/return`, { version: p.version }), 422, 'required');
  p = await act(f.u.cstaffEcon, p, 'return', { opinion: '请补充具体数据' });
  assert.equal(p.state, 'draft');
  p = must(await f.u.m1.patch(`/api/v1/proposals/${p.id}`, { version: p.version, analysis: '补充：全市共有老旧小区1200个。' }), 'revise');
  p = await submit(f.u.m1, p);
  assert.equal(p.state, 'under_review');
  assert.equal(p.review_stage, 2);
  const actions = (await eventsOf(f.u.m1, p.id)).map((e) => e.action);
  assert.deepEqual(actions, ['submit', 'cosign_complete', 'return', 'submit', 'cosign_complete']);
});

test('withdrawn by the author only', async () => {
  let p = await submit(f.u.m1, await draft(f.u.m1));
  expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${p.id}/actions/withdraw`, { version: p.version, reason: 'x' }), 403);
  p = await act(f.u.m1, p, 'withdraw', { reason: '已通过其他渠道解决' });
  assert.equal(p.state, 'withdrawn');
  expectError(assert, await f.u.m1.post(`/api/v1/proposals/${p.id}/actions/submit`, { version: p.version, self_check: true }),
    409, 'invalid_state');
});

test('re-route request inside the window, then re-assigned', async () => {
  let p = await assignedProposal(f);
  const done = await act(f.u.h1, p, 'reroute', { reason: '该事项属住建部门职责', suggested_unit: '市住房城乡建设局' });
  assert.equal(done.state, 'filed');
  p = await get(f.u.pstaff, p.id);
  assert.equal(p.state, 'filed');
  assert.ok(p.assignments.every((a) => a.active === false));
  // the old unit no longer sees it
  expectError(assert, await f.u.h1.get(`/api/v1/proposals/${p.id}`), 404);
  p = await assign(f, p, { mode: 'lead', lead_unit_id: f.units[2].id });
  assert.equal(p.state, 'assigned');
  must(await f.u.h3.get(`/api/v1/proposals/${p.id}`), 'new unit reads');
});

test('re-route refused after the window closes', async () => {
  const p = await assignedProposal(f);
  must(await f.admin.post('/api/v1/_test/clock', { offset_days: 10 }), 'clock');
  try {
    expectError(assert, await f.u.h1.post(`/api/v1/proposals/${p.id}/actions/reroute`, { version: p.version, reason: '不属本单位' }),
      422, 'window_closed');
  } finally {
    must(await f.admin.post('/api/v1/_test/clock', { offset_days: 0 }), 'clock reset');
  }
});

test('dissatisfied → re-handled → closed; the second rating is final', async () => {
  let p = await draft(f.u.m1, { cosigner_ids: [f.members[1].id] });
  p = await submit(f.u.m1, p);
  must(await f.u.m2.post(`/api/v1/proposals/${p.id}/cosign`, { decision: 'confirm' }), 'confirm');
  p = await fileIt(f, await get(f.u.m1, p.id), f.u.cstaffEcon);
  p = await assign(f, p, { mode: 'lead', lead_unit_id: f.units[0].id });
  p = await act(f.u.h1, p, 'accept');
  p = await reply(f.u.h1, p, 'B');
  // a unit can never rate on the member's behalf (被满意)
  expectError(assert, await f.u.h1.post(`/api/v1/proposals/${p.id}/actions/evaluate`,
    { process_satisfaction: 'satisfied', result_satisfaction: 'satisfied', contacted: true }), 403);
  p = await evaluate(f.u.m1, p, 'dissatisfied');
  assert.equal(p.state, 'replied', 'waits for the co-signer');
  await evaluate(f.u.m1, p, 'satisfied', 409);
  p = await evaluate(f.u.m2, p, 'satisfied');
  assert.equal(p.state, 'rehandling');
  assert.equal(p.rehandled, true);
  p = await reply(f.u.h1, p, 'A');
  assert.equal(p.state, 'replied');
  assert.equal(p.replies.at(-1).round, 2);
  p = await evaluate(f.u.m1, p, 'dissatisfied');
  p = await evaluate(f.u.m2, p, 'basic');
  assert.equal(p.state, 'closed', 'second evaluation is final');
});

test('overdue and due-soon on the deadline board; late reply is not on time', async () => {
  let p = await assignedProposal(f);
  p = await act(f.u.h1, p, 'accept');
  const board = must(await f.u.pstaff.get('/api/v1/proposals/deadlines?kind=all&page_size=200'), 'board');
  assert.ok(board.items.some((i) => i.proposal_id === p.id && i.status === 'ok'));
  must(await f.admin.post('/api/v1/_test/clock', { offset_days: 120 }), 'clock');
  try {
    const overdue = must(await f.u.h1.get('/api/v1/proposals/deadlines?kind=overdue'), 'overdue');
    assert.ok(overdue.items.some((i) => i.proposal_id === p.id && i.status === 'overdue'));
    assert.ok(overdue.items.every((i) => i.unit_id === f.units[0].id), 'a unit sees only its own deadlines');
    const list = must(await f.u.pstaff.get('/api/v1/proposals?due=overdue&page_size=200'), 'list overdue');
    assert.ok(list.items.some((i) => i.id === p.id));
    p = await reply(f.u.h1, await get(f.u.h1, p.id), 'C');
    assert.equal(p.replies[0].on_time, false);
  } finally {
    must(await f.admin.post('/api/v1/_test/clock', { offset_days: 0 }), 'clock reset');
  }
});

test('split to two units: each answers; replied when both have', async () => {
  let p = await fileIt(f, await submit(f.u.m1, await draft(f.u.m1)), f.u.cstaffEcon);
  expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${p.id}/actions/assign`,
    { version: p.version, mode: 'split', split_unit_ids: [f.units[0].id] }), 422);
  p = await assign(f, p, { mode: 'split', split_unit_ids: [f.units[0].id, f.units[1].id] });
  p = await act(f.u.h1, p, 'accept');
  p = await act(f.u.h2, await get(f.u.h2, p.id), 'accept');
  p = await reply(f.u.h1, p, 'A');
  assert.equal(p.state, 'handling');
  p = await reply(f.u.h2, await get(f.u.h2, p.id), 'B');
  assert.equal(p.state, 'replied');
  assert.equal(p.replies.length, 2);
});

test('evaluation window closes unevaluated', async () => {
  let p = await assignedProposal(f);
  p = await act(f.u.h1, p, 'accept');
  p = await reply(f.u.h1, p);
  must(await f.admin.post('/api/v1/_test/clock', { offset_days: 40 }), 'clock');
  try {
    p = await get(f.u.m1, p.id);
    assert.equal(p.state, 'closed');
    assert.equal(p.closed_unevaluated, true);
  } finally {
    must(await f.admin.post('/api/v1/_test/clock', { offset_days: 0 }), 'clock reset');
  }
});

test('window closes with some authors silent: the ratings given decide', async () => {
  const jointReplied = async () => {
    let p = await submit(f.u.m1, await draft(f.u.m1, { cosigner_ids: [f.members[1].id] }));
    must(await f.u.m2.post(`/api/v1/proposals/${p.id}/cosign`, { decision: 'confirm' }), 'confirm');
    p = await fileIt(f, await get(f.u.m1, p.id), f.u.cstaffEcon);
    p = await assign(f, p, { mode: 'lead', lead_unit_id: f.units[0].id });
    return reply(f.u.h1, await act(f.u.h1, p, 'accept'));
  };
  const happy = await evaluate(f.u.m1, await jointReplied(), 'satisfied');
  const unhappy = await evaluate(f.u.m1, await jointReplied(), 'dissatisfied');
  assert.equal(happy.state, 'replied');
  assert.equal(unhappy.state, 'replied');
  must(await f.admin.post('/api/v1/_test/clock', { offset_days: 40 }), 'clock');
  try {
    const h = await get(f.u.m1, happy.id);
    assert.equal(h.state, 'closed');
    assert.equal(h.closed_unevaluated, false, 'one author rated: not 未评价');
    const u = await get(f.u.m1, unhappy.id);
    assert.equal(u.state, 'rehandling', 'the one rating given was 不满意');
    assert.equal(u.rehandled, true);
    assert.ok(u.reply_deadline > new Date(Date.now() + 40 * 86400e3).toISOString().slice(0, 10));
    const ev = (await eventsOf(f.u.m1, u.id)).at(-1);
    assert.equal(ev.action, 'rehandle');
    assert.equal(ev.actor_name, '系统');
  } finally {
    must(await f.admin.post('/api/v1/_test/clock', { offset_days: 0 }), 'clock reset');
  }
});

test('key proposal with a supervision log; excellent; publication needs consent', async () => {
  let p = await assignedProposal(f);
  expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${p.id}/key`, { key_proposal: true }), 422, 'required');
  p = must(await f.u.leader.post(`/api/v1/proposals/${p.id}/key`,
    { key_proposal: true, supervising_leader: '张副主席', supervision_form: '政协领导领衔督办' }), 'key');
  assert.equal(p.key_proposal, true);
  p = must(await f.u.leader.post(`/api/v1/proposals/${p.id}/supervision`,
    { day: '2026-05-20', form: '委员视察督办', participants: '张副主席、部分委员', outcome: '实地察看加装电梯进展' }), 'supervise');
  assert.equal(p.supervision_logs.length, 1);
  p = must(await f.u.pstaff.post(`/api/v1/proposals/${p.id}/excellent`, { excellent: true }), 'excellent');
  assert.equal(p.excellent, true);
  p = must(await f.u.pstaff.post(`/api/v1/proposals/${p.id}/publish`, { published: true }), 'publish');
  assert.equal(p.published, true);
  // published: another member of the body may read it, without supervision internals
  const seen = must(await f.u.m4.get(`/api/v1/proposals/${p.id}`), 'published read');
  assert.equal(seen.supervision_logs, undefined);
  const noConsent = await fileIt(f, await submit(f.u.m1, await draft(f.u.m1, { publish_consent: false })), f.u.cstaffEcon);
  expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${noConsent.id}/publish`, { published: true }), 422, 'no_consent');
});

test('extension up to six months, and A/B/C correction with a reason', async () => {
  let p = await assignedProposal(f);
  const lead = p.assignments.find((a) => a.role === 'lead');
  expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${p.id}/extension`,
    { assignment_id: lead.id, until: '2099-01-01', reason: '需跨年度安排资金' }), 422);
  const until = new Date(Date.now() + 150 * 86400e3).toISOString().slice(0, 10);
  p = must(await f.u.pstaff.post(`/api/v1/proposals/${p.id}/extension`,
    { assignment_id: lead.id, until, reason: '需跨年度安排资金' }), 'extend');
  assert.equal(p.assignments.find((a) => a.id === lead.id).extended_deadline, until);
  p = await act(f.u.h1, p, 'accept');
  p = await reply(f.u.h1, p, 'A');
  p = must(await f.u.pstaff.post(`/api/v1/proposals/${p.id}/replies/${p.replies[0].id}/category`,
    { category: 'B', reason: '问题尚在解决中，应为B类' }), 'correct');
  assert.equal(p.replies[0].category, 'B');
  assert.equal(p.replies[0].original_category, 'A');
});

test('collective proposal by a participating unit, entered by proposal staff', async () => {
  let p = must(await f.u.pstaff.post('/api/v1/proposals', {
    title: '关于推动民营经济高质量发展的建议', analysis: '民营经济贡献了全市六成以上税收。', suggestions: '一是优化营商环境。',
    category: 'economy', collective_kind: 'participating_unit', collective_id: f.partUnits[0].id,
  }), 'collective', 201);
  assert.equal(p.kind, 'collective');
  assert.equal(p.author_name, f.partUnits[0].name);
  p = await submit(f.u.pstaff, p);
  assert.equal(p.state, 'under_review');
  // no member committee: any committee's staff may do the first review
  p = await act(f.u.cstaffSoc, p, 'review_pass');
  assert.equal(p.review_stage, 3);
});

test('numbers are unique and consecutive under concurrent filing', async () => {
  const ps = [];
  for (let i = 0; i < 6; i++) {
    let p = await submit(f.u.m1, await draft(f.u.m1));
    p = await act(f.u.cstaffEcon, p, 'review_pass');
    p = await act(f.u.pstaff, p, 'review_pass');
    ps.push(p);
  }
  const filed = await Promise.all(ps.map((p) => act(f.u.leader, p, 'review_pass')));
  const numbers = filed.map((p) => p.number).sort((a, b) => a - b);
  assert.equal(new Set(numbers).size, 6);
  for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], numbers[i - 1] + 1);
});

test('wrong state is 409 naming the state; wrong role is 403; stale version is 409', async () => {
  const p = await draft(f.u.m1);
  const e = expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${p.id}/actions/assign`,
    { version: p.version, mode: 'lead', lead_unit_id: f.units[0].id }), 404);
  assert.ok(e.message);
  const s = await submit(f.u.m1, p);
  const wrong = expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${s.id}/actions/assign`,
    { version: s.version, mode: 'lead', lead_unit_id: f.units[0].id }), 409, 'invalid_state');
  assert.match(wrong.message, /审查中/);
  expectError(assert, await f.u.pstaff.post(`/api/v1/proposals/${s.id}/actions/review_pass`, { version: s.version }), 403, 'forbidden');
  expectError(assert, await f.u.cstaffSoc.post(`/api/v1/proposals/${s.id}/actions/review_pass`, { version: s.version }), 403, 'forbidden');
  expectError(assert, await f.u.cstaffEcon.post(`/api/v1/proposals/${s.id}/actions/review_pass`, { version: s.version - 1 }),
    409, 'stale_version');
  const after = await get(f.u.pstaff, s.id);
  assert.equal(after.version, s.version, 'nothing written');
  assert.equal(after.review_stage, 2);
});
