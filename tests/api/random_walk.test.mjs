// A seeded random walk through the proposal cycle: many proposals, each moved
// by whoever may move it, with wrong actors and clock jumps mixed in; then
// every invariant of invariants.mjs and the statistics are checked.
// YZ_WALK_SEED and YZ_WALK_STEPS reproduce or lengthen a run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { checkInvariants } from './invariants.mjs';

const SEED = Number(process.env.YZ_WALK_SEED || 20261122);
const STEPS = Number(process.env.YZ_WALK_STEPS || 500);
let server, f;
before(async () => { server = await startServer(); f = await makeFixture(server); });
after(async () => {
  try { await f?.admin.post('/api/v1/_test/clock', { offset_days: 0 }); } finally { await server?.stop(); }
});

function rng(seed) {
  let x = BigInt(seed) || 1n;
  return () => {  // xorshift64*
    x ^= x >> 12n; x ^= (x << 25n) & 0xFFFFFFFFFFFFFFFFn; x ^= x >> 27n;
    return Number(((x * 2685821657736338717n) & 0xFFFFFFFFFFFFFFFFn) >> 11n) / 2 ** 53;
  };
}

/** One walker: creates its own proposals and moves them; returns how many moves succeeded. */
async function walk(seed, steps, sharedIds) {
  const SEED = seed, STEPS = steps;
  const rand = rng(SEED);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const members = [f.u.m1, f.u.m2, f.u.m3, f.u.m4, f.u.m5];
  const memberOf = new Map(f.members.map((m, i) => [m.id, members[i]]));
  const cstaffFor = (p) => (p.author_member_id && [f.members[0].id, f.members[1].id].includes(p.author_member_id)
    ? f.u.cstaffEcon : pick([f.u.cstaffSoc, f.u.cstaffEcon]));
  const handlers = new Map(f.units.map((u, i) => [u.id, [f.u.h1, f.u.h2, f.u.h3][i]]));
  const ids = [], ownerOf = new Map();
  const all = sharedIds;
  let moved = 0, refused = 0;
  const post = async (client, p, action, body, okAlso = []) => {
    const r = await client.post(`/api/v1/proposals/${p.id}/actions/${action}`, { version: p.version, ...body });
    if (r.status === 200) { moved++; return; }
    // a refusal must be a clean 4xx with the error shape, and never a server error
    assert.ok(r.status >= 400 && r.status < 500 && r.body?.error?.code, `${action} on ${p.id}: ${r.status} ${r.text}`);
    if (!okAlso.includes(r.body.error.code)) refused++;
  };
  for (let step = 0; step < STEPS; step++) {
    if (ids.length < Math.max(40, STEPS / 8) && (ids.length < 5 || rand() < 0.15)) {
      const author = pick(members);
      const mine = f.members[members.indexOf(author)].id;
      const cos = f.members.map((m) => m.id).filter((id) => id !== mine && rand() < 0.25);
      const r = await author.post('/api/v1/proposals', {
        title: `关于第${step}步随机提案的建议`, analysis: '现状与问题。', suggestions: '一是；二是。',
        category: pick(['economy', 'society', 'culture', 'ecology']), cosigner_ids: cos, publish_consent: rand() < 0.5,
      });
      assert.equal(r.status, 201, r.text);
      ids.push(r.body.id);
      all.push(r.body.id);
      ownerOf.set(r.body.id, author);
      continue;
    }
    if (rand() < 0.03) {   // time passes: windows close, deadlines pass
      // applied one at a time, in order: the server's clock only moves forward
      const days = Math.floor(rand() * 20) + 1;
      clock.chain = clock.chain.then(async () => {
        clock.offset += days;
        assert.equal((await f.admin.post('/api/v1/_test/clock', { offset_days: clock.offset })).status, 200);
      });
      await clock.chain;
      continue;
    }
    const id = pick(ids);
    const p = (await f.u.pstaff.get(`/api/v1/proposals/${id}`)).body;
    const owner = ownerOf.get(id);
    if (!p.state) {   // a draft staff may not see yet
      if (rand() < 0.15) {
        const r = await owner.req('POST', `/api/v1/proposals/${id}/attachments?filename=${encodeURIComponent('附件.pdf')}`,
          Buffer.from('%PDF-1.4\n% walk\n'), { headers: { 'Content-Type': 'application/pdf' } });
        assert.ok(r.status === 201 || (r.status >= 400 && r.status < 500), r.text);
        continue;
      }
      const d = (await owner.get(`/api/v1/proposals/${id}`)).body;
      if (rand() < 0.9) await post(owner, d, 'submit', { self_check: true });
      else await post(owner, d, 'withdraw', { reason: '不再提交' });
      continue;
    }
    const wrong = pick([f.u.info, f.u.h3, f.u.m5, f.u.leader]);
    if (rand() < 0.1) { await post(wrong, p, pick(['file', 'assign', 'reply', 'accept', 'submit']), {}); continue; }
    const lead = (p.assignments || []).filter((a) => a.active && a.role !== 'co');
    const side = async (client, path, body) => {   // the operations around the cycle
      const r = await client.post(`/api/v1/proposals/${id}/${path}`, body);
      if (r.status === 200) { moved++; return; }
      assert.ok(r.status >= 400 && r.status < 500 && r.body?.error?.code, `${path} on ${id}: ${r.status} ${r.text}`);
    };
    if (p.number && rand() < 0.12) {
      const roll = rand();
      if (roll < 0.25) await side(f.u.leader, 'key', { key_proposal: true, supervising_leader: '张副主席', supervision_form: '政协领导领衔督办' });
      else if (roll < 0.45) await side(pick([f.u.leader, f.u.pstaff]), 'supervision', { day: '2026-06-01', form: '委员视察督办', outcome: '实地督办' });
      else if (roll < 0.6) await side(f.u.pstaff, 'excellent', { excellent: rand() < 0.7 });
      else if (roll < 0.75) await side(f.u.pstaff, 'publish', { published: true });
      else if (roll < 0.9 && lead.length) {
        const until = new Date(Date.now() + (clock.offset + 150) * 86400e3).toISOString().slice(0, 10);
        await side(f.u.pstaff, 'extension', { assignment_id: pick(lead).id, until, reason: '需协调资金' });
      } else {
        const co = (p.assignments || []).find((a) => a.active && a.role === 'co');
        if (co) await side(handlers.get(co.unit_id), 'co-opinions', { text: '我单位将积极配合。' });
      }
      continue;
    }
    switch (p.state) {
    case 'draft':
      await post(owner, p, 'submit', { self_check: true });
      break;
    case 'submitted': {
      const invited = p.authors.filter((a) => a.status === 'invited');
      if (invited.length) {
        const who = memberOf.get(pick(invited).member_id);
        const r = await who.post(`/api/v1/proposals/${id}/cosign`, { decision: rand() < 0.8 ? 'confirm' : 'decline' });
        // a clock jump by another walker may have expired the invitation: any clean 4xx
        assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500 && r.body?.error?.code), r.text);
      }
      break;
    }
    case 'under_review': {
      const reviewer = p.review_stage === 2 ? cstaffFor(p) : p.review_stage === 3 ? f.u.pstaff : f.u.leader;
      const roll = rand();
      if (roll < 0.7) await post(reviewer, p, 'review_pass', { opinion: '同意' });
      else if (roll < 0.78) await post(reviewer, p, 'return', { opinion: '请修改' });
      else if (roll < 0.84) await post(reviewer, p, 'reject', { reason: '内容重复' });
      else if (roll < 0.9) await post(reviewer, p, 'convert', { reason: '其他', converted_to: '社情民意' });
      else if (roll < 0.95) await post(reviewer, p, 'merge', { target_id: pick(all) }, ['invalid_value', 'invalid_reference']);
      else await post(owner, p, 'withdraw', { reason: '撤回' });
      break;
    }
    case 'filed': {
      const units = f.units.map((u) => u.id);
      if (rand() < 0.8) await post(f.u.pstaff, p, 'assign', { mode: 'lead', lead_unit_id: units[0], co_unit_ids: rand() < 0.5 ? [units[1]] : [] });
      else await post(f.u.pstaff, p, 'assign', { mode: 'split', split_unit_ids: [units[1], units[2]] });
      break;
    }
    case 'assigned': case 'handling': case 'rehandling': {
      const a = pick(lead);
      const h = handlers.get(a.unit_id);
      const mine = (await h.get(`/api/v1/proposals/${id}`)).body;
      if (a.state === 'assigned') {
        if (rand() < 0.1) await post(h, mine, 'reroute', { reason: '不属本单位职责' }, ['window_closed']);
        else await post(h, mine, 'accept', {});
      } else if (a.state === 'handling') {
        await post(h, mine, 'reply', { text: '经研究，答复如下：已列入年度计划。', category: pick(['A', 'B', 'C']),
          signed_by: '局长', contact_method: pick(['面商', '电话', '书面']) });
      }
      break;
    }
    case 'replied': {
      const authors = p.authors.filter((a) => a.status === 'confirmed');
      const m = memberOf.get(pick(authors).member_id);
      const r = await m.post(`/api/v1/proposals/${id}/actions/evaluate`, {
        process_satisfaction: 'satisfied', result_satisfaction: rand() < 0.3 ? 'dissatisfied' : pick(['satisfied', 'basic']), contacted: true,
      });
      // another walker may have closed it first: any clean 4xx, never a 5xx
      assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500 && r.body?.error?.code), r.text);
      break;
    }
    default: break;   // closed, rejected, converted, withdrawn, merged: nothing left to do
    }
  }
  assert.ok(moved > STEPS / 5, `the walk moved proposals ${moved} times in ${STEPS} steps (${refused} refusals)`);
  return moved;
}

/** Checks the invariants and that the statistics agree with the records. */
async function checkAll() {
  const checked = await checkInvariants(f.u.pstaff);
  assert.ok(checked >= 5);
  // the statistics agree with the records they are computed from
  const list = [];
  for (let page = 1; ; page++) {
    const r = (await f.u.pstaff.get(`/api/v1/proposals?page=${page}&page_size=200`)).body;
    list.push(...r.items);
    if (list.length >= r.total) break;
  }
  const stats = (await f.u.pstaff.get('/api/v1/statistics')).body.figures;
  assert.equal(stats.received.value, list.filter((p) => p.submitted_at).length);
  assert.equal(stats.filed.value, list.filter((p) => p.number).length);
  assert.equal(stats.merged.value, list.filter((p) => p.state === 'merged').length);
  assert.equal(stats.closing_rate.numerator, list.filter((p) => p.state === 'closed').length);
}

const clock = { offset: 0, chain: Promise.resolve() };

test(`random walk (seed ${SEED}, ${STEPS} steps) keeps every invariant`, async () => {
  await walk(SEED, STEPS, []);
  await checkAll();
});

test('four walkers at once: refusals are clean 4xx, never 5xx, and every invariant holds', async () => {
  const shared = [];
  await Promise.all([1, 2, 3, 4].map((k) => walk(SEED + k, Math.ceil(STEPS / 2), shared)));
  await checkAll();
});
