// Who may do what to a proposal: every proposal endpoint × every role, in
// body 1 (测试市政协) and its child county body, as one matrix. A status of
// 403 is a role the route or the rules refuse; 404 is a record the caller may
// not know exists (another body's, another unit's, a member's draft). Refused
// writes must leave the record as it was (checked by runRow). Then: lists never
// leak, and a proposal forwarded upward is readable but not writable there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, expectError } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, act, get, draft, submit } from './proposal_steps.mjs';
import { P, COLS, columns, countyReviewer, factories, runRow, listAll } from './matrix.mjs';

let server, f, cl, mk, target;
before(async () => {
  server = await startServer();
  f = await makeFixture(server);
  cl = columns(f);
  mk = factories(f, await countyReviewer(server, f));
  target = (await mk.filed()).p;   // merge target
});
after(async () => { await server?.stop(); });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const upload = (c, id, name = '调研报告.pdf', data = PDF, q = '') =>
  c.req('POST', `${P}/${id}/attachments?filename=${encodeURIComponent(name)}${q}`, data, { headers: { 'Content-Type': 'application/pdf' } });
const isMember = (col) => ['author', 'cosigner', 'member', 'cMember'].includes(col);
const isCounty = (col) => ['cMember', 'cPstaff', 'cUnit', 'cLeader', 'cAdmin'].includes(col);
const addDays = (day, n) => new Date(Date.parse(day + 'T00:00:00Z') + n * 86400e3).toISOString().slice(0, 10);

/** A record with an attachment uploaded while it was a draft, carried on by `then`. */
const withAttachment = (then) => async () => {
  const d = await mk.draft();
  const att = must(await upload(f.u.m1, d.p.id), 'upload', 201);
  d.p = must(await f.u.m1.get(`${P}/${d.p.id}`), 'reread');   // the upload changed its version
  const rec = then ? await then(d) : d;
  return { ...rec, att };
};
const withdrawnDraft = async () => {
  const d = await mk.draft();
  return { ...d, p: await act(f.u.m1, d.p, 'withdraw', { reason: '不再提交' }) };
};
const published = async () => {
  const rec = await mk.assigned();
  return { ...rec, p: must(await f.u.pstaff.post(`${P}/${rec.p.id}/publish`, { published: true }), 'publish') };
};
const calendarDay = '2030-01-02';
const putCalendarDay = async () => { must(await f.admin.put('/api/v1/calendar', { day: calendarDay, kind: 'holiday', name: '测试' }), 'day'); return null; };

const memberBody = { title: '关于加强社区养老服务的建议', analysis: '老龄化程度加深。', suggestions: '增加日间照料中心。', category: 'society' };
const collectiveBody = () => ({ ...memberBody, collective_kind: 'participating_unit', collective_id: f.partUnits[0].id });
const version = (rec) => ({ version: rec.p.version });
const replyBody = { text: '经研究，现答复如下：已列入年度计划并安排资金。', category: 'A', signed_by: '王局长', contact_method: '书面' };
const keyBody = { key_proposal: true, supervising_leader: '张副主席', supervision_form: '政协领导领衔督办' };
const superviseBody = { day: '2026-05-20', form: '委员视察督办', participants: '部分委员', outcome: '实地察看' };
const assignBody = (col) => isCounty(col) ? { mode: 'lead', lead_unit_id: f.county.unitId } : { mode: 'lead', lead_unit_id: f.units[0].id };
const extension = (c, rec) => {
  const lead = rec.p.assignments.find((a) => a.role === 'lead');
  return c.post(`${P}/${rec.p.id}/extension`, { assignment_id: lead.id, until: addDays(lead.deadline, 20), reason: '需跨年度安排资金' });
};
const workflowOf = async (c) => must(await c.get('/api/v1/workflow'), 'workflow');

// Columns (matrix.mjs COLS): au author · co co-signer · me other member · cs committee staff (author's committee) ·
// cX committee staff (other committee) · ps proposal staff · in info staff · un lead unit · cu co-unit · uX other unit ·
// le leader · ad admin · cM/cP/cU/cL/cA county member / proposal staff / unit handler / leader / admin.
const ROWS = [
  // au   co   me   cs   cX   ps   in   un   cu   uX   le   ad   cM   cP   cU   cL   cA
  ['GET  /proposals', null, (c) => c.get(P),
    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST /proposals (members: own; staff: collective of a body-1 unit)', null,
    (c, _, col) => c.post(P, isMember(col) ? memberBody : collectiveBody()),
    [201, 201, 201, 201, 201, 201, 403, 403, 403, 403, 403, 403, 201, 422, 403, 403, 403]],
  ['GET  /proposals/queues', null, (c) => c.get(`${P}/queues`),
    [403, 403, 403, 200, 200, 200, 200, 403, 403, 403, 200, 200, 403, 200, 403, 200, 200]],
  ['GET  /proposals/deadlines', null, (c) => c.get(`${P}/deadlines`),
    [403, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 200, 200, 200, 200]],
  ['GET  /proposals/:id (draft)', () => mk.draft(), (c, r) => c.get(`${P}/${r.p.id}`),
    [200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET  /proposals/:id (draft withdrawn unsubmitted)', withdrawnDraft,
    (c, r) => c.get(`${P}/${r.p.id}`),
    [200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET  /proposals/:id (under review)', () => mk.review2(), (c, r) => c.get(`${P}/${r.p.id}`),
    [200, 200, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404]],
  ['GET  /proposals/:id (assigned)', () => mk.assigned(), (c, r) => c.get(`${P}/${r.p.id}`),
    [200, 200, 404, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404]],
  ['GET  /proposals/:id/events (assigned)', () => mk.assigned(), (c, r) => c.get(`${P}/${r.p.id}/events`),
    [200, 200, 404, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404]],
  ['GET  /proposals/:id (published)', published, (c, r) => c.get(`${P}/${r.p.id}`),
    [200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404]],
  ['GET  /proposals/:id/events (published: not for other members)', published, (c, r) => c.get(`${P}/${r.p.id}/events`),
    [200, 200, 403, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404]],
  ['PATCH /proposals/:id (draft)', () => mk.draft(),
    (c, r) => c.patch(`${P}/${r.p.id}`, { ...version(r), analysis: '补充数据。' }),
    [200, 404, 404, 404, 404, 404, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 403]],
  ['PATCH /proposals/:id (under review)', () => mk.review2(),
    (c, r) => c.patch(`${P}/${r.p.id}`, { ...version(r), analysis: '补充数据。' }),
    [409, 403, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 403]],
  ['actions/submit (draft)', () => mk.draft(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/submit`, { ...version(r), self_check: true }),
    [200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['actions/withdraw (under review)', () => mk.review2(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/withdraw`, { ...version(r), reason: '撤回' }),
    [200, 403, 404, 403, 403, 403, 403, 404, 404, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/review_pass (stage 2: committee)', () => mk.review2(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/review_pass`, version(r)),
    [403, 403, 404, 200, 403, 403, 403, 404, 404, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/file (stage 4: leader)', () => mk.review4(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/file`, { ...version(r), opinion: '同意立案' }),
    [403, 403, 404, 403, 403, 403, 403, 404, 404, 404, 200, 403, 404, 404, 404, 404, 404]],
  ['actions/return (stage 2)', () => mk.review2(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/return`, { ...version(r), opinion: '请补充数据' }),
    [403, 403, 404, 200, 403, 403, 403, 404, 404, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/reject (stage 3: proposal staff)', () => mk.review3(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/reject`, { ...version(r), reason: '内容重复' }),
    [403, 403, 404, 403, 403, 200, 403, 404, 404, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/convert (stage 2)', () => mk.review2(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/convert`, { ...version(r), reason: '建议不具体、不可行', converted_to: '社情民意' }),
    [403, 403, 404, 200, 403, 403, 403, 404, 404, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/merge (stage 3)', () => mk.review3(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/merge`, { ...version(r), target_id: target.id }),
    [403, 403, 404, 403, 403, 200, 403, 404, 404, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/assign (filed)', () => mk.filed(),
    (c, r, col) => c.post(`${P}/${r.p.id}/actions/assign`, { ...version(r), ...assignBody(col) }),
    [403, 403, 404, 403, 403, 200, 403, 404, 404, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/accept (assigned)', () => mk.assigned(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/accept`, version(r)),
    [403, 403, 404, 403, 403, 403, 403, 200, 403, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/reroute (assigned)', () => mk.assigned(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/reroute`, { ...version(r), reason: '不属本单位职责' }),
    [403, 403, 404, 403, 403, 403, 403, 200, 403, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/reply (handling)', () => mk.handling(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/reply`, { ...version(r), ...replyBody }),
    [403, 403, 404, 403, 403, 403, 403, 200, 403, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/evaluate (replied)', () => mk.replied(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/evaluate`, { process_satisfaction: 'satisfied', result_satisfaction: 'basic', contacted: true }),
    [200, 200, 404, 403, 403, 403, 403, 403, 403, 404, 403, 403, 404, 404, 404, 404, 404]],
  ['actions/bogus (under review)', () => mk.review2(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/bogus`, version(r)),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['actions/close (the system\'s own: nobody calls it)', () => mk.replied(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/close`, version(r)),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['actions/cosign_complete (the system\'s own)', () => mk.submitted(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/cosign_complete`, version(r)),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  // au   co   me   cs   cX   ps   in   un   cu   uX   le   ad   cM   cP   cU   cL   cA
  ['POST /cosign (submitted, co-signer invited)', () => mk.submitted(),
    (c, r) => c.post(`${P}/${r.p.id}/cosign`, { decision: 'confirm' }),
    [403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403]],
  ['POST /co-opinions (assigned)', () => mk.assigned(),
    (c, r) => c.post(`${P}/${r.p.id}/co-opinions`, { text: '我委将配合做好相关工作。' }),
    [403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 404, 403, 403]],
  ['POST /extension (assigned)', () => mk.assigned(), extension,
    [403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403]],
  ['POST /replies/:id/category (replied)', () => mk.replied(),
    (c, r) => c.post(`${P}/${r.p.id}/replies/${r.p.replies[0].id}/category`, { category: 'B', reason: '尚在解决中' }),
    [403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403]],
  ['POST /key (filed)', () => mk.filed(), (c, r) => c.post(`${P}/${r.p.id}/key`, keyBody),
    [403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 403, 403, 404, 403, 404, 403]],
  ['POST /supervision (filed, not key)', () => mk.filed(),
    (c, r) => c.post(`${P}/${r.p.id}/supervision`, superviseBody),
    [403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 403, 403, 404, 403, 404, 403]],
  ['POST /supervision (key proposal)', () => mk.key(),
    (c, r) => c.post(`${P}/${r.p.id}/supervision`, superviseBody),
    [403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 404, 403, 404, 403]],
  ['POST /excellent (filed)', () => mk.filed(),
    (c, r) => c.post(`${P}/${r.p.id}/excellent`, { excellent: true }),
    [403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403]],
  ['POST /publish (filed, consent)', () => mk.filed(),
    (c, r) => c.post(`${P}/${r.p.id}/publish`, { published: true }),
    [403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403]],
  ['POST /forward (filed; body 1 has no parent)', () => mk.filed(),
    (c, r) => c.post(`${P}/${r.p.id}/forward`, { to_body_id: f.county.bodyId }),
    [403, 403, 403, 403, 403, 422, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403]],
  ['POST /attachments (draft)', () => mk.draft(), (c, r) => upload(c, r.p.id),
    [201, 404, 404, 403, 403, 404, 403, 404, 404, 404, 403, 403, 404, 404, 404, 403, 403]],
  ['POST /attachments (under review)', () => mk.review2(), (c, r) => upload(c, r.p.id),
    [409, 403, 404, 403, 403, 201, 403, 404, 404, 404, 403, 403, 404, 404, 404, 403, 403]],
  ['POST /attachments?reply_id (replied)', () => mk.replied(),
    (c, r) => upload(c, r.p.id, '答复函.pdf', PDF, `&reply_id=${r.p.replies[0].id}`),
    [409, 403, 404, 403, 403, 201, 403, 201, 403, 404, 403, 403, 404, 404, 404, 403, 403]],
  ['GET  /attachments/:id (draft)', withAttachment(),
    (c, r) => c.get(`${P}/${r.p.id}/attachments/${r.att.id}`, { raw: true }),
    [200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET  /attachments/:id (assigned)', withAttachment((d) => mk.assigned(d)),
    (c, r) => c.get(`${P}/${r.p.id}/attachments/${r.att.id}`, { raw: true }),
    [200, 200, 404, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 404, 404, 404]],
  ['DELETE /attachments/:id (draft)', withAttachment(),
    (c, r) => c.del(`${P}/${r.p.id}/attachments/${r.att.id}`),
    [200, 404, 404, 404, 404, 404, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 403]],
  ['DELETE /attachments/:id (under review)', withAttachment((d) => mk.review2(d)),
    (c, r) => c.del(`${P}/${r.p.id}/attachments/${r.att.id}`),
    [409, 403, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 403]],
  ['GET  /statistics', null, (c) => c.get('/api/v1/statistics'),
    [403, 403, 403, 200, 200, 200, 200, 403, 403, 403, 200, 200, 403, 200, 403, 200, 200]],
  ['GET  /statistics?session_id=<body 1>', null, (c) => c.get(`/api/v1/statistics?session_id=${f.sessionId}`),
    [403, 403, 403, 200, 200, 200, 200, 403, 403, 403, 200, 200, 403, 404, 403, 404, 404]],
  ['GET  /statistics?session_id=<county>', null, (c) => c.get(`/api/v1/statistics?session_id=${f.county.sessionId}`),
    [403, 403, 403, 404, 404, 404, 404, 403, 403, 403, 404, 404, 403, 200, 403, 200, 200]],
  ['GET  /workflow', null, (c) => c.get('/api/v1/workflow'),
    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['PUT  /workflow/stages (unchanged)', null, async (c) => {
    const wf = await workflowOf(c);
    return c.put('/api/v1/workflow/stages', { stages: wf.review_stages.map(({ code, name, role }) => ({ code, name, role })) });
  },
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200]],
  ['PUT  /workflow/transitions (unchanged)', null, async (c) => {
    const wf = await workflowOf(c);
    return c.put('/api/v1/workflow/transitions',
      { transitions: wf.transitions.map(({ action, from_state, to_state, roles }) => ({ action, from_state, to_state, roles })) });
  },
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200]],
  ['GET  /settings', null, (c) => c.get('/api/v1/settings'),
    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['PUT  /settings', null, (c) => c.put('/api/v1/settings', { due_soon_days: 7 }),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200]],
  ['GET  /calendar', null, (c) => c.get('/api/v1/calendar?year=2026'),
    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['PUT  /calendar', null, (c) => c.put('/api/v1/calendar', { day: calendarDay, kind: 'holiday', name: '测试' }),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403]],
  ['DELETE /calendar', putCalendarDay, (c) => c.del(`/api/v1/calendar?day=${calendarDay}`),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403]],
  ['GET  /calendar/deadline', null, (c) => c.get('/api/v1/calendar/deadline?from=2026-03-02&workdays=5'),
    [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  // The county's records, seen from both bodies.
  // au   co   me   cs   cX   ps   in   un   cu   uX   le   ad   cM   cP   cU   cL   cA
  ['county: GET /proposals/:id (draft)', () => mk.cDraft(), (c, r) => c.get(`${P}/${r.p.id}`),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404]],
  ['county: GET /proposals/:id (under review)', () => mk.cReview2(), (c, r) => c.get(`${P}/${r.p.id}`),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 404, 200, 200]],
  ['county: GET /proposals/:id (assigned)', () => mk.cAssigned(), (c, r) => c.get(`${P}/${r.p.id}`),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200, 200, 200]],
  ['county: GET /proposals/:id/events (assigned)', () => mk.cAssigned(), (c, r) => c.get(`${P}/${r.p.id}/events`),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200, 200, 200]],
  ['county: PATCH /proposals/:id (draft)', () => mk.cDraft(),
    (c, r) => c.patch(`${P}/${r.p.id}`, { ...version(r), analysis: '补充。' }),
    [404, 404, 404, 404, 404, 404, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403]],
  ['county: actions/withdraw (under review)', () => mk.cReview2(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/withdraw`, { ...version(r), reason: '撤回' }),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 403, 404, 403, 403]],
  ['county: actions/assign (filed)', () => mk.cFiled(),
    (c, r, col) => c.post(`${P}/${r.p.id}/actions/assign`, { ...version(r), ...assignBody(col) }),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 200, 404, 403, 403]],
  ['county: actions/accept (assigned)', () => mk.cAssigned(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/accept`, version(r)),
    [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403, 403, 200, 403, 403]],
  ['county: POST /key (filed)', () => mk.cFiled(), (c, r) => c.post(`${P}/${r.p.id}/key`, keyBody),
    [403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 404, 403, 403, 200, 403, 200, 403]],
  ['county: POST /excellent (filed)', () => mk.cFiled(), (c, r) => c.post(`${P}/${r.p.id}/excellent`, { excellent: true }),
    [403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]],
  ['county: POST /attachments (under review)', () => mk.cReview2(), (c, r) => upload(c, r.p.id),
    [404, 404, 404, 403, 403, 404, 403, 404, 404, 404, 403, 403, 409, 201, 404, 403, 403]],
  // Forwarded to body 1 (§9): body 1's staff read it; nobody in body 1 writes to it.
  // au   co   me   cs   cX   ps   in   un   cu   uX   le   ad   cM   cP   cU   cL   cA
  ['forwarded: GET /proposals/:id', () => mk.fwdFiled(), (c, r) => c.get(`${P}/${r.p.id}`),
    [404, 404, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200, 200, 200, 404, 200, 200]],
  ['forwarded: GET /proposals/:id/events', () => mk.fwdFiled(), (c, r) => c.get(`${P}/${r.p.id}/events`),
    [404, 404, 404, 200, 200, 200, 200, 404, 404, 404, 200, 200, 200, 200, 404, 200, 200]],
  ['forwarded: actions/assign (filed)', () => mk.fwdFiled(),
    (c, r, col) => c.post(`${P}/${r.p.id}/actions/assign`, { ...version(r), ...assignBody(col) }),
    [404, 404, 404, 403, 403, 403, 403, 404, 404, 404, 403, 403, 403, 200, 404, 403, 403]],
  ['forwarded: actions/accept (assigned)', () => mk.fwdAssigned(),
    (c, r) => c.post(`${P}/${r.p.id}/actions/accept`, version(r)),
    [404, 404, 404, 403, 403, 403, 403, 404, 404, 404, 403, 403, 403, 403, 200, 403, 403]],
  ['forwarded: POST /key', () => mk.fwdFiled(), (c, r) => c.post(`${P}/${r.p.id}/key`, keyBody),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 403]],
  ['forwarded: POST /supervision', () => mk.fwdFiled(), (c, r) => c.post(`${P}/${r.p.id}/supervision`, superviseBody),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 403]],
  ['forwarded: POST /excellent', () => mk.fwdFiled(), (c, r) => c.post(`${P}/${r.p.id}/excellent`, { excellent: true }),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]],
  ['forwarded: POST /publish', () => mk.fwdFiled(), (c, r) => c.post(`${P}/${r.p.id}/publish`, { published: true }),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]],
  ['forwarded: POST /extension (assigned)', () => mk.fwdAssigned(), extension,
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]],
  ['forwarded: POST /replies/:id/category', () => mk.fwdReplied(),
    (c, r) => c.post(`${P}/${r.p.id}/replies/${r.p.replies[0].id}/category`, { category: 'C', reason: '条件所限' }),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]],
  ['forwarded: POST /forward (again)', () => mk.fwdFiled(),
    (c, r) => c.post(`${P}/${r.p.id}/forward`, { to_body_id: f.bodyId }),
    [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 409, 403, 403, 403]],
  ['forwarded: POST /attachments', () => mk.fwdFiled(), (c, r) => upload(c, r.p.id),
    [404, 404, 404, 403, 403, 403, 403, 404, 404, 404, 403, 403, 409, 201, 404, 403, 403]],
];

for (const [name, make, call, codes] of ROWS) {
  test(`matrix: ${name}`, async () => { await runRow(cl, { name, make, call, codes }); });
}

test('the matrix has a column for every role of both bodies', () => {
  assert.equal(COLS.length, 17);
  for (const row of ROWS) assert.equal(row[3].length, COLS.length, row[0]);
});

test('lists never leak across bodies, units or members', async () => {
  // A proposal assigned only to units[0]; one published; one co-signed by member4; drafts inviting member4.
  const solo = await act(f.u.pstaff, (await mk.filed()).p, 'assign', { mode: 'lead', lead_unit_id: f.units[0].id });
  const published = must(await f.u.pstaff.post(`${P}/${(await mk.filed()).p.id}/publish`, { published: true }), 'publish');
  const cosignedBy4 = await submit(f.u.m1, await draft(f.u.m1, { cosigner_ids: [f.members[3].id] }));
  const draftInviting4 = await draft(f.u.m1, { cosigner_ids: [f.members[3].id] });
  const own4 = await draft(f.u.m4);
  const fwd = (await mk.fwdFiled()).p;
  const county = (await mk.cAssigned()).p;
  const body1 = mk.body1Ids;
  const countyIds = new Set([...mk.countyIds, county.id]);
  const ids = async (c, q = '') => new Set((await listAll(c, `${P}${q}`)).map((i) => i.id));
  const overlap = (a, b) => [...a].filter((x) => b.has(x));

  for (const col of ['cMember', 'cPstaff', 'cUnit', 'cLeader', 'cAdmin'])
    assert.deepEqual(overlap(await ids(cl[col]), body1), [], `${col} lists body-1 proposals`);
  for (const col of ['author', 'cosigner', 'member', 'unit', 'coUnit', 'unitX'])
    assert.deepEqual(overlap(await ids(cl[col]), countyIds), [], `${col} lists county proposals`);
  for (const col of ['cstaff', 'cstaffX', 'pstaff', 'info', 'leader', 'admin']) {
    const seen = overlap(await ids(cl[col]), countyIds);
    assert.ok(seen.includes(fwd.id), `${col} lists the forwarded proposal`);
    for (const id of seen) {
      const p = must(await cl[col].get(`${P}/${id}`), 'read forwarded');
      assert.equal(p.body_id, f.county.bodyId);
      assert.deepEqual(p.actions, [], 'a forwarded proposal offers no actions upstream');
    }
    assert.ok(seen.every((id) => id !== county.id), `${col} lists a county proposal that was not forwarded`);
  }

  // Units: only proposals with an active assignment of their own unit.
  const h1 = await ids(f.u.h1), h2 = await ids(f.u.h2), h3 = await ids(f.u.h3);
  assert.ok(h1.has(solo.id));
  assert.ok(!h2.has(solo.id), 'h2 lists a proposal assigned only to units[0]');
  assert.equal(h3.size, 0, 'a never-assigned unit lists nothing');
  for (const id of h2) {
    const p = must(await f.u.h2.get(`${P}/${id}`), 'h2 reads its listed proposal');
    assert.ok(p.assignments.some((a) => a.unit_id === f.units[1].id && a.active === true), `h2 lists ${id} without an assignment`);
  }
  expectError(assert, await f.u.h2.get(`${P}/${solo.id}`), 404, 'not_found');
  // unit_id filter cannot widen a unit's scope
  assert.ok(!(await ids(f.u.h2, `?unit_id=${f.units[0].id}`)).has(solo.id));

  // Members: own, co-signed (not while a draft) and published only.
  const m4 = await ids(f.u.m4);
  assert.ok(m4.has(own4.id) && m4.has(cosignedBy4.id) && m4.has(published.id));
  assert.ok(!m4.has(draftInviting4.id), 'an invitation is invisible while the proposal is a draft');
  assert.ok(!m4.has(solo.id), 'an unpublished proposal of another member');
  for (const id of m4) {
    const p = must(await f.u.m4.get(`${P}/${id}`), 'm4 reads its listed proposal');
    const mine = (p.authors || []).some((a) => a.member_id === f.members[3].id);
    assert.ok(mine || p.published === true, `member4 lists ${id}, neither own nor published`);
  }
  // author_member_id / member_id filters cannot widen a member's scope either
  assert.ok(!(await ids(f.u.m4, `?author_member_id=${f.members[0].id}`)).has(solo.id));
  assert.ok(!(await ids(f.u.m4, `?member_id=${f.members[0].id}`)).has(solo.id));
});

test('the deadline board shows a unit only its own assignments', async () => {
  await mk.assigned();
  await mk.cAssigned();
  const all = async (c, q = '?kind=all') => listAll(c, `${P}/deadlines${q}`);
  const h1 = await all(f.u.h1), h2 = await all(f.u.h2), h3 = await all(f.u.h3), ch = await all(f.county.u.handler);
  assert.ok(h1.length > 0 && h2.length > 0 && ch.length > 0);
  assert.ok(h1.every((i) => i.unit_id === f.units[0].id), 'h1 sees another unit\'s deadline');
  assert.ok(h2.every((i) => i.unit_id === f.units[1].id), 'h2 sees another unit\'s deadline');
  assert.ok(ch.every((i) => i.unit_id === f.county.unitId), 'county unit sees another unit\'s deadline');
  assert.equal(h3.length, 0);
  assert.equal((await all(f.u.h2, `?kind=all&unit_id=${f.units[0].id}`)).length, 0, 'unit_id cannot widen the scope');
  const staff = await all(f.u.pstaff);
  assert.ok(staff.every((i) => i.unit_id !== f.county.unitId), 'body-1 staff see county deadlines');
  const cstaff = await all(f.county.u.pstaff);
  assert.ok(cstaff.every((i) => i.unit_id === f.county.unitId));
});

test('statistics of body 1 are not for county staff, even with body 1\'s session id', async () => {
  for (const c of [f.county.u.pstaff, f.county.u.leader, f.county.admin])
    expectError(assert, await c.get(`/api/v1/statistics?session_id=${f.sessionId}`), 404, 'not_found');
  const own = must(await f.county.u.pstaff.get('/api/v1/statistics'), 'county statistics');
  assert.equal(own.session.id, f.county.sessionId);
});

test('forwarding: readable upstream after forward, never writable, never by members', async () => {
  const rec = await mk.cFiled();
  const id = rec.p.id;
  expectError(assert, await f.u.pstaff.get(`${P}/${id}`), 404, 'not_found');
  expectError(assert, await f.county.u.pstaff.post(`${P}/${id}/forward`, { to_body_id: f.county.bodyId }), 422, 'invalid_reference');
  must(await f.county.u.pstaff.post(`${P}/${id}/forward`, { to_body_id: f.bodyId, note: '请市政协参阅' }), 'forward');
  const seen = must(await f.u.pstaff.get(`${P}/${id}`), 'parent reads');
  assert.equal(seen.body_id, f.county.bodyId);
  assert.deepEqual(seen.actions, []);
  const events = must(await f.u.pstaff.get(`${P}/${id}/events`), 'parent reads events').items;
  assert.equal(events.at(-1).action, 'forward');
  expectError(assert, await f.u.pstaff.post(`${P}/${id}/actions/assign`,
    { version: seen.version, mode: 'lead', lead_unit_id: f.units[0].id }), 403, 'forbidden');
  expectError(assert, await f.u.pstaff.post(`${P}/${id}/excellent`, { excellent: true }), 403, 'forbidden');
  for (const c of [f.u.m1, f.u.m4, f.u.h1]) expectError(assert, await c.get(`${P}/${id}`), 404, 'not_found');
  const after = await get(f.county.u.member, id);
  assert.equal(after.version, seen.version, 'refused writes changed nothing');
  assert.equal(after.state, 'filed');
  assert.equal(after.excellent, false);
  // the county still runs its own cycle on it
  await act(f.county.u.pstaff, after, 'assign', { mode: 'lead', lead_unit_id: f.county.unitId });
  // only what was submitted can be forwarded: not the county staff's own collective draft
  const pu = must(await f.county.admin.post('/api/v1/participating-units', { name: '县工商联', kind: 'organisation' }), 'county unit', 201);
  const d = must(await f.county.u.pstaff.post(P, { title: '关于县域民营经济的建议', analysis: '分析。', suggestions: '建议。', category: 'economy',
    collective_kind: 'participating_unit', collective_id: pu.id }), 'county collective draft', 201);
  const e = expectError(assert, await f.county.u.pstaff.post(`${P}/${d.id}/forward`, { to_body_id: f.bodyId }), 409, 'invalid_state');
  assert.match(e.message, /草稿/);
  expectError(assert, await f.u.pstaff.get(`${P}/${d.id}`), 404, 'not_found');
});

test('a published proposal: other members read it without handling internals', async () => {
  const rec = await published();
  const seen = must(await f.u.m4.get(`${P}/${rec.p.id}`), 'published read');
  for (const k of ['assignments', 'evaluations', 'supervision_logs', 'co_opinions', 'created_by']) assert.equal(seen[k], undefined, k);
  assert.deepEqual(seen.actions, []);
  assert.ok((await listAll(f.u.m4, P)).some((i) => i.id === rec.p.id));
  expectError(assert, await f.u.m4.get(`${P}/${rec.p.id}/events`), 403, 'forbidden');
  // a member of the county does not see body 1's published proposals
  expectError(assert, await f.county.u.member.get(`${P}/${rec.p.id}`), 404, 'not_found');
});
