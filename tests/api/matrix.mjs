// Helpers for the table-driven API tests: the users of a permission matrix
// (one column each), factories that carry a proposal to a given state, and a
// row runner that checks every cell and that refused writes changed nothing.
import assert from 'node:assert/strict';
import { PASSWORD } from './lib.mjs';
import { must, draft, act, get, submit } from './proposal_steps.mjs';

export const P = '/api/v1/proposals';

/** Matrix columns, in the order every row lists its expected statuses. */
export const COLS = [
  'author',   // member1: first author of the body-1 records (economy committee)
  'cosigner', // member2: confirmed co-signer of the body-1 records
  'member',   // member4: another member of body 1, no part in the records
  'cstaff',   // committee staff of the author's committee (economy)
  'cstaffX',  // committee staff of another committee (society)
  'pstaff',   // proposal staff
  'info',     // info staff
  'unit',     // handler of units[0], the lead unit of assigned records
  'coUnit',   // handler of units[1], the co-unit of assigned records
  'unitX',    // handler of units[2], never assigned
  'leader',
  'admin',
  'cMember',  // county: member, author of the county records
  'cPstaff',  // county: proposal staff
  'cUnit',    // county: handler of the county unit (lead of county records)
  'cLeader',  // county: leader
  'cAdmin',   // county: admin
];

/** Adds what the fixture lacks for a county review chain: a county committee staff user. */
export async function countyReviewer(server, f) {
  must(await f.county.admin.post('/api/v1/users', {
    username: 'county_cstaff', password: PASSWORD, role: 'committee_staff', display_name: '县专委会干部',
    committee_id: f.county.committeeId,
  }), 'county committee staff', 201);
  return server.login('county_cstaff');
}

/** The column name → logged-in client map. */
export function columns(f) {
  return {
    author: f.u.m1, cosigner: f.u.m2, member: f.u.m4, cstaff: f.u.cstaffEcon, cstaffX: f.u.cstaffSoc,
    pstaff: f.u.pstaff, info: f.u.info, unit: f.u.h1, coUnit: f.u.h2, unitX: f.u.h3, leader: f.u.leader,
    admin: f.admin, cMember: f.county.u.member, cPstaff: f.county.u.pstaff, cUnit: f.county.u.handler,
    cLeader: f.county.u.leader, cAdmin: f.county.admin,
  };
}

const REPLY_TEXT = '经研究，现答复如下：我局已将该事项列入年度计划并落实专项资金。';

/**
 * Factories: each returns a fresh record { p, viewer } where p is the proposal
 * as its author sees it and viewer a client that may always read it.
 * Body-1 records are joint proposals of member1 with member2 confirmed; a
 * body-1 factory given a record (a draft) carries that one on instead.
 */
export function factories(f, cCstaff) {
  const m1 = f.u.m1;
  const mk = { body1Ids: new Set(), countyIds: new Set() };
  const body1 = (p) => { mk.body1Ids.add(p.id); return { p, viewer: m1 }; };
  const county = (p) => { mk.countyIds.add(p.id); return { p, viewer: f.county.u.member }; };
  mk.draft = async (start) => start ?? body1(await draft(m1, { cosigner_ids: [f.members[1].id] }));
  mk.submitted = async (start) => body1(await submit(m1, (await mk.draft(start)).p));
  mk.review2 = async (start) => {
    const p = (await mk.submitted(start)).p;
    must(await f.u.m2.post(`${P}/${p.id}/cosign`, { decision: 'confirm' }), 'cosign confirm');
    return body1(await get(m1, p.id));
  };
  mk.review3 = async (start) => body1(await act(f.u.cstaffEcon, (await mk.review2(start)).p, 'review_pass'));
  mk.review4 = async (start) => body1(await act(f.u.pstaff, (await mk.review3(start)).p, 'review_pass'));
  mk.filed = async (start) => body1(await act(f.u.leader, (await mk.review4(start)).p, 'review_pass'));
  mk.assigned = async (start) => body1(await act(f.u.pstaff, (await mk.filed(start)).p, 'assign',
    { mode: 'lead', lead_unit_id: f.units[0].id, co_unit_ids: [f.units[1].id] }));
  mk.handling = async (start) => body1(await act(f.u.h1, (await mk.assigned(start)).p, 'accept'));
  mk.replied = async (start) => body1(await act(f.u.h1, (await mk.handling(start)).p, 'reply',
    { text: REPLY_TEXT, category: 'A', signed_by: '王局长', contact_method: '电话' }));
  mk.key = async () => {
    const p = (await mk.filed()).p;
    return body1(must(await f.u.leader.post(`${P}/${p.id}/key`,
      { key_proposal: true, supervising_leader: '张副主席', supervision_form: '专委会协商督办' }), 'key'));
  };
  // County records: by the county member, reviewed by the county's own chain.
  const cm = f.county.u.member;
  mk.cDraft = async () => county(must(await cm.post(P, {
    title: '关于改善县域农村中小学校车服务的建议', analysis: '全县农村学生上下学路途较远，校车覆盖不足。',
    suggestions: '一是增加校车线路；二是落实运营补贴。', category: 'society', publish_consent: true,
  }), 'county draft', 201));
  mk.cReview2 = async () => county(await submit(cm, (await mk.cDraft()).p));
  mk.cFiled = async () => {
    let p = (await mk.cReview2()).p;
    p = await act(cCstaff, p, 'review_pass');
    p = await act(f.county.u.pstaff, p, 'review_pass');
    p = await act(f.county.u.leader, p, 'review_pass');
    assert.equal(p.state, 'filed');
    return county(p);
  };
  mk.cAssigned = async () => county(await act(f.county.u.pstaff, (await mk.cFiled()).p, 'assign',
    { mode: 'lead', lead_unit_id: f.county.unitId }));
  mk.cReplied = async () => {
    let p = await act(f.county.u.handler, (await mk.cAssigned()).p, 'accept');
    p = await act(f.county.u.handler, p, 'reply', { text: REPLY_TEXT, category: 'B', signed_by: '县局长', contact_method: '面商' });
    return county(p);
  };
  // Forwarded to the parent body (body 1) by the county's proposal staff.
  const forwarded = (make) => async () => {
    const rec = await make();
    must(await f.county.u.pstaff.post(`${P}/${rec.p.id}/forward`, { to_body_id: f.bodyId, note: '报送市政协' }), 'forward');
    return county(await get(f.county.u.member, rec.p.id));
  };
  mk.fwdFiled = forwarded(mk.cFiled);
  mk.fwdAssigned = forwarded(mk.cAssigned);
  mk.fwdReplied = forwarded(mk.cReplied);
  return mk;
}

/** Snapshot of what a refused write must not change. */
export async function snapshot(rec) {
  const p = must(await rec.viewer.get(`${P}/${rec.p.id}`), 'reread');
  const ev = must(await rec.viewer.get(`${P}/${rec.p.id}/events`), 'reread events');
  return {
    version: p.version, state: p.state, review_stage: p.review_stage, key: p.key_proposal, excellent: p.excellent,
    published: p.published, replies: (p.replies || []).map((r) => `${r.id}:${r.category}`).join(','),
    evaluations: (p.evaluations || []).length, assignments: (p.assignments || []).map((a) => `${a.id}:${a.state}:${a.active}:${a.extended_deadline}`).join(','),
    attachments: (p.attachments || []).length, supervision: (p.supervision_logs || []).length, events: ev.items.length,
  };
}

/**
 * Runs one matrix row. row = { name, make (factory or null), call(client, rec, col) → response, codes[] }.
 * Refusals run first on one shared record (which must stay unchanged); each
 * success cell gets a fresh record so that cells do not depend on each other.
 * Every refusal must carry the one error shape. Asserts the whole row at once.
 */
export async function runRow(clients, row) {
  assert.equal(row.codes.length, COLS.length, `${row.name}: ${row.codes.length} codes for ${COLS.length} columns`);
  const expected = {}, diff = [], shapes = [];
  COLS.forEach((col, i) => { expected[col] = row.codes[i]; });
  const isOk = (s) => s >= 200 && s < 300;
  const shared = row.make ? await row.make() : null;
  const before = shared?.p ? await snapshot(shared) : null;
  const order = [...COLS].sort((a, b) => isOk(expected[a]) - isOk(expected[b]));
  for (const col of order) {
    const rec = isOk(expected[col]) && row.make ? await row.make() : shared;
    const r = await row.call(clients[col], rec, col);
    if (Buffer.isBuffer(r.body) && r.status >= 400) {   // raw downloads: errors are still JSON
      try { r.body = JSON.parse(r.body.toString('utf8')); r.text = JSON.stringify(r.body); } catch { r.body = null; }
    }
    if (r.status !== expected[col])
      diff.push(`${col}: expected ${expected[col]}, got ${r.status} ${r.body?.error?.code || ''} ${r.body?.error?.message || ''}`.trim());
    if (r.status >= 400) {
      const e = r.body && r.body.error;
      if (!e || typeof e.code !== 'string' || !/[\u4e00-\u9fff]/.test(e.message || '')) shapes.push(`${col}: ${r.text}`);
    }
  }
  assert.deepEqual(diff, [], `${row.name}: statuses differ from the matrix`);
  assert.deepEqual(shapes, [], `${row.name}: error shape`);
  if (before) assert.deepEqual(await snapshot(shared), before, `${row.name}: a refused request changed the record`);
}

/** Every item of a list endpoint, page by page. */
export async function listAll(client, path) {
  const items = [];
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = must(await client.get(`${path}${sep}page=${page}&page_size=200`), `list ${path}`);
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0) return items;
  }
}
