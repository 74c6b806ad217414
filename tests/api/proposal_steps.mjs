// Steps of the proposal cycle shared by the API tests. Each step asserts its
// own success so a failing test names the step that broke.
import assert from 'node:assert/strict';

export function must(r, what, status = 200) {
  assert.equal(r.status, status, `${what}: expected ${status}, got ${r.status} ${r.text}`);
  return r.body;
}

let seq = 0;
/** A draft by client (a member); returns the proposal. */
export async function draft(client, extra = {}) {
  seq += 1;
  return must(await client.post('/api/v1/proposals', {
    title: `关于加快推进老旧小区加装电梯的建议（${seq}）`,
    analysis: '我市2000年前建成的老旧小区约1200个，60岁以上居民占比超过三成，上下楼难已成为突出的民生问题。',
    suggestions: '一是简化审批流程；二是加大财政补贴；三是建立业主协商机制。',
    category: 'society',
    keywords: '民生,养老',
    publish_consent: true,
    ...extra,
  }), 'create draft', 201);
}

export async function act(client, p, action, body = {}, status = 200) {
  const r = await client.post(`/api/v1/proposals/${p.id}/actions/${action}`, { version: p.version, ...body });
  return must(r, `action ${action}`, status);
}

export async function get(client, id) {
  return must(await client.get(`/api/v1/proposals/${id}`), 'get proposal');
}

/** Submits a draft with no pending co-signers: it lands under review at stage 2. */
export async function submit(client, p) {
  return act(client, p, 'submit', { self_check: true });
}

/** Runs the default review chain (初审 → 复审 → 审定) and files the proposal. */
export async function fileIt(f, p, committeeStaff) {
  p = await act(committeeStaff, p, 'review_pass', { opinion: '符合立案标准' });
  assert.equal(p.review_stage, 3);
  p = await act(f.u.pstaff, p, 'review_pass', { opinion: '同意立案' });
  assert.equal(p.review_stage, 4);
  p = await act(f.u.leader, p, 'review_pass', { opinion: '审定同意' });
  assert.equal(p.state, 'filed');
  return p;
}

export async function assign(f, p, body) {
  return act(f.u.pstaff, p, 'assign', body);
}

export async function reply(handler, p, category = 'A') {
  return act(handler, p, 'reply', {
    text: '您提出的关于加装电梯的建议收悉，现答复如下：我局已会同有关部门出台实施办法，简化审批并落实补贴。',
    category, signed_by: '王局长', contact_method: '面商',
  });
}

export async function evaluate(member, p, result = 'satisfied', status = 200) {
  const r = await member.post(`/api/v1/proposals/${p.id}/actions/evaluate`, {
    process_satisfaction: 'satisfied', result_satisfaction: result, contacted: true,
  });
  return must(r, 'evaluate', status);
}

/** A proposal by m1 (economy committee) carried to `assigned` with unit 0 as lead. */
export async function assignedProposal(f, extra = {}) {
  let p = await draft(f.u.m1, extra);
  p = await submit(f.u.m1, p);
  p = await fileIt(f, p, f.u.cstaffEcon);
  return assign(f, p, { mode: 'lead', lead_unit_id: f.units[0].id, co_unit_ids: [f.units[1].id] });
}

export async function eventsOf(client, id) {
  return must(await client.get(`/api/v1/proposals/${id}/events`), 'events').items;
}
