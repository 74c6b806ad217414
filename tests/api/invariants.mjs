// Invariants every proposal must satisfy, whatever path it took. Read through
// the API as proposal staff of the body (who see every submitted proposal).
import assert from 'node:assert/strict';

const FILED = new Set(['filed', 'assigned', 'handling', 'replied', 'rehandling', 'closed']);

async function all(client, path) {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page_size=200`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.items);
    if (items.length >= r.body.total || r.body.items.length === 0) return items;
  }
}

/** Checks every proposal staff can see; returns the number checked. */
export async function checkInvariants(staff) {
  const list = await all(staff, '/api/v1/proposals');
  const numbers = new Map();
  for (const item of list) {
    const p = (await staff.get(`/api/v1/proposals/${item.id}`)).body;
    const events = (await staff.get(`/api/v1/proposals/${item.id}/events`)).body.items;
    const where = `proposal ${p.id} (${p.state})`;
    // the history is one unbroken chain from draft to the current state
    assert.ok(events.length > 0, `${where}: no history`);
    assert.equal(events[0].from_state, 'draft', `${where}: history does not start at draft`);
    for (let i = 1; i < events.length; i++)
      assert.equal(events[i].from_state, events[i - 1].to_state,
        `${where}: event ${events[i].action} starts at ${events[i].from_state}, previous ended at ${events[i - 1].to_state}`);
    assert.equal(events.at(-1).to_state, p.state, `${where}: history ends at ${events.at(-1).to_state}`);
    for (let i = 1; i < events.length; i++) assert.ok(events[i].at >= events[i - 1].at, `${where}: history out of order: ${JSON.stringify(events.map((e) => [e.action, e.at, e.actor_name]))}`);
    // numbers: every filed proposal has one, unique in its session
    if (FILED.has(p.state)) {
      assert.ok(p.number > 0 && p.number_label, `${where}: filed without a number`);
      const key = `${p.session_id}:${p.number}`;
      assert.ok(!numbers.has(key), `${where}: number ${p.number} also used by ${numbers.get(key)}`);
      numbers.set(key, p.id);
    } else if (p.state !== 'merged') {
      assert.equal(p.number, null, `${where}: numbered but not filed`);
    }
    if (p.state === 'submitted' || p.state === 'draft') assert.equal(p.review_stage, 0, `${where}: review stage before review`);
    if (p.state === 'merged') assert.ok(p.merged_into_id, `${where}: merged into nothing`);
    if (p.state === 'converted') assert.ok(p.converted_to && p.not_filed_reason, `${where}: converted without target/reason`);
    if (p.state === 'rejected') assert.ok(p.not_filed_reason, `${where}: rejected without reason`);
    // assignments follow the state
    const answering = (p.assignments || []).filter((a) => a.active && a.role !== 'co');
    if (['assigned', 'handling', 'replied', 'rehandling'].includes(p.state))
      assert.ok(answering.length > 0, `${where}: no unit answers it`);
    if (p.state === 'filed') assert.equal(answering.length, 0, `${where}: filed but still assigned`);
    if (p.state === 'replied') {
      assert.ok(answering.every((a) => a.state === 'replied'), `${where}: replied while a unit has not answered`);
      assert.ok(p.eval_deadline, `${where}: no evaluation deadline`);
    }
    if (p.state === 'assigned') assert.ok(answering.every((a) => a.state === 'assigned'), `${where}: accepted but still assigned`);
    const replies = p.replies || [];
    if (['replied', 'rehandling', 'closed'].includes(p.state)) assert.ok(replies.length > 0, `${where}: no reply`);
    // ratings come only from confirmed authors, once per round
    const authors = new Set((p.authors || []).filter((a) => a.status === 'confirmed').map((a) => a.member_id));
    const seen = new Set();
    for (const e of p.evaluations || []) {
      assert.ok(authors.has(e.member_id), `${where}: rated by ${e.member_id}, not an author`);
      const k = `${e.member_id}:${e.round}`;
      assert.ok(!seen.has(k), `${where}: ${k} rated twice`);
      seen.add(k);
    }
    if (p.state === 'closed' && p.closed_unevaluated) assert.equal((p.evaluations || []).filter((e) => e.round === p.eval_round).length, 0,
      `${where}: 未评价 although rated`);
    if (p.rehandled) assert.ok(events.some((e) => e.action === 'rehandle'), `${where}: re-handled without the event`);
  }
  return list.length;
}
