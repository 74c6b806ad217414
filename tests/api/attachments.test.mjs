// Attachments of proposals and replies: stored in the database, typed by their
// bytes (never by the client), downloaded only by those who may read the
// proposal, added and removed by the author only while the proposal is a draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { startServer, expectError } from './lib.mjs';
import { makeFixture } from './fixture.mjs';
import { must, draft, act, get, submit, fileIt, assign, reply } from './proposal_steps.mjs';

const P = '/api/v1/proposals';
let server, f;
before(async () => { server = await startServer(); f = await makeFixture(server); });
after(async () => { await server?.stop(); });

const sha = (b) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from(
  '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'
  + 'trailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0', 'latin1')]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), Buffer.alloc(56), Buffer.from('This program cannot be run in DOS mode.')]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
const DOCX = Buffer.concat([Buffer.from('PK\x03\x04\x14\0\x06\0', 'latin1'), Buffer.from('[Content_Types].xml')]);

const upload = (c, id, name, data, extra = '') => c.req('POST',
  `${P}/${id}/attachments${name === null ? '' : `?filename=${encodeURIComponent(name)}`}${extra}`, data,
  { headers: { 'Content-Type': 'application/octet-stream' } });
const download = (c, id, aid) => c.get(`${P}/${id}/attachments/${aid}`, { raw: true });
const asError = (r) => ({ ...r, body: r.body && r.body.length ? JSON.parse(r.body.toString('utf8')) : null });

async function expectFile(c, id, att, bytes, name) {
  const r = await download(c, id, att.id);
  assert.equal(r.status, 200, `download by ${c.user.username}: ${r.status}`);
  assert.ok(Buffer.compare(r.body, bytes) === 0, 'same bytes');
  assert.equal(sha(r.body), att.sha256);
  const cd = r.headers.get('content-disposition');
  assert.match(cd, /^attachment;/);
  const m = cd.match(/filename\*=UTF-8''([^;]+)/);
  assert.ok(m, cd);
  assert.equal(decodeURIComponent(m[1]), name);
  assert.match(r.headers.get('cache-control'), /no-store/);
  return r;
}

test('a PDF on a draft: uploaded by its author, the same bytes come back to those who may read it', async () => {
  let p = await draft(f.u.m1);
  const name = '调研报告（2026）.pdf';
  const att = must(await upload(f.u.m1, p.id, name, PDF), 'upload', 201);
  assert.equal(att.sha256, sha(PDF));
  assert.equal(att.size, PDF.length);
  assert.equal(att.content_type, 'application/pdf');
  assert.equal(att.filename, name);
  assert.equal(att.proposal_version, p.version + 1, 'an upload changes the proposal');
  const r = await expectFile(f.u.m1, p.id, att, PDF, name);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  p = await get(f.u.m1, p.id);
  assert.deepEqual(p.attachments.map((a) => [a.id, a.filename, a.size, a.reply_id]), [[att.id, name, PDF.length, null]]);
  // a draft is the author's own: nobody else may fetch its file
  for (const c of [f.u.pstaff, f.u.cstaffEcon, f.u.m4, f.u.h1, f.county.u.pstaff, f.admin])
    expectError(assert, asError(await download(c, p.id, att.id)), 404, 'not_found');

  p = await submit(f.u.m1, p);
  await expectFile(f.u.pstaff, p.id, att, PDF, name);
  await expectFile(f.u.cstaffEcon, p.id, att, PDF, name);
  await expectFile(f.u.leader, p.id, att, PDF, name);
  p = await fileIt(f, p, f.u.cstaffEcon);
  p = await assign(f, p, { mode: 'lead', lead_unit_id: f.units[0].id });
  await expectFile(f.u.h1, p.id, att, PDF, name);
  for (const c of [f.u.h2, f.u.h3, f.u.m4, f.county.u.pstaff, f.county.u.handler])
    expectError(assert, asError(await download(c, p.id, att.id)), 404, 'not_found');
  // the attachment id only exists under its own proposal
  const other = await draft(f.u.m1);
  expectError(assert, asError(await download(f.u.m1, other.id, att.id)), 404, 'not_found');
  expectError(assert, asError(await download(f.u.m1, p.id, 999999)), 404, 'not_found');
  expectError(assert, asError(await download(f.u.m1, 999999, att.id)), 404, 'not_found');
});

test('types come from the bytes: a renamed PNG, an .exe, HTML are 415; DOCX, PNG, text are kept with their real type', async () => {
  const p = await draft(f.u.m1);
  const before = (await get(f.u.m1, p.id)).attachments.length;
  for (const [name, data] of [['照片.pdf', PNG], ['setup.exe', EXE], ['报告.pdf', EXE], ['page.html', HTML], ['报告.pdf', HTML],
    ['scan.png', PDF], ['报告', PDF], ['说明.txt', Buffer.from([0x61, 0xff, 0xfe])], ['说明.txt', Buffer.from('a\0b')], ['压缩.zip', DOCX]]) {
    const e = expectError(assert, await upload(f.u.m1, p.id, name, data), 415, 'unsupported_type');
    assert.equal(e.field, 'filename', name);
  }
  assert.equal((await get(f.u.m1, p.id)).attachments.length, before, 'nothing stored');
  const kept = [['草案.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['现场.PNG', PNG, 'image/png'], ['说明.txt', Buffer.from('附：调研数据说明。'), 'text/plain; charset=utf-8']];
  for (const [name, data, type] of kept) {
    const a = must(await upload(f.u.m1, p.id, name, data), name, 201);
    assert.equal(a.content_type, type);
    const r = await expectFile(f.u.m1, p.id, a, data, name);
    assert.equal(r.headers.get('content-type'), type);
  }
});

test('empty, oversized and badly named files are refused', async () => {
  const p = await draft(f.u.m1);
  expectError(assert, await upload(f.u.m1, p.id, '空.pdf', Buffer.alloc(0)), 422, 'empty_file');
  const big = Buffer.concat([PDF, Buffer.alloc((10 << 20) + 1 - PDF.length, 0x20)]);
  expectError(assert, await upload(f.u.m1, p.id, '大.pdf', big), 413, 'payload_too_large');
  for (const name of ['../报告.pdf', '../../etc/passwd.pdf', 'a/b.pdf', '/报告.pdf', 'a\\b.pdf', '报"告.pdf', '报\n告.pdf', '报\r告.pdf', '报\t告.pdf', `${'长'.repeat(117)}.pdf`]) {
    const e = expectError(assert, await upload(f.u.m1, p.id, name, PDF), 422, 'invalid_value');
    assert.equal(e.field, 'filename', name);
  }
  expectError(assert, await upload(f.u.m1, p.id, null, PDF), 422, 'required');
  expectError(assert, await upload(f.u.m1, p.id, '', PDF), 422, 'required');
  expectError(assert, await upload(f.u.m1, p.id, '报告.pdf', PDF, '&reply_id=abc'), 400, 'invalid_query');
  assert.equal((await get(f.u.m1, p.id)).attachments.length, 0, 'nothing stored');
  // exactly 10 MiB is allowed, and comes back whole
  const max = Buffer.concat([PDF, Buffer.alloc((10 << 20) - PDF.length, 0x20)]);
  const a = must(await upload(f.u.m1, p.id, `${'长'.repeat(116)}.pdf`, max), '10 MiB', 201);
  assert.equal(a.size, 10 << 20);
  await expectFile(f.u.m1, p.id, a, max, `${'长'.repeat(116)}.pdf`);
});

test('the author deletes while it is a draft; after submission neither adding nor deleting (409)', async () => {
  let p = await draft(f.u.m1, { cosigner_ids: [f.members[1].id] });
  const a1 = must(await upload(f.u.m1, p.id, '一.pdf', PDF), 'one', 201);
  const a2 = must(await upload(f.u.m1, p.id, '二.pdf', PDF), 'two', 201);
  expectError(assert, await f.u.m2.del(`${P}/${p.id}/attachments/${a1.id}`), 404, 'not_found');   // invitee: draft unseen
  must(await f.u.m1.del(`${P}/${p.id}/attachments/${a1.id}`), 'delete');
  expectError(assert, await f.u.m1.del(`${P}/${p.id}/attachments/${a1.id}`), 404, 'not_found');
  expectError(assert, asError(await download(f.u.m1, p.id, a1.id)), 404, 'not_found');
  p = await get(f.u.m1, p.id);   // adding and deleting files changed the proposal's version
  assert.deepEqual(p.attachments.map((a) => a.id), [a2.id]);
  p = await submit(f.u.m1, p);
  must(await f.u.m2.post(`${P}/${p.id}/cosign`, { decision: 'confirm' }), 'confirm');
  p = await get(f.u.m1, p.id);
  const events = (await f.u.m1.get(`${P}/${p.id}/events`)).body.items.length;
  const e = expectError(assert, await upload(f.u.m1, p.id, '三.pdf', PDF), 409, 'invalid_state');
  assert.match(e.message, /审查中/);
  expectError(assert, await f.u.m1.del(`${P}/${p.id}/attachments/${a2.id}`), 409, 'invalid_state');
  expectError(assert, await upload(f.u.m2, p.id, '三.pdf', PDF), 403, 'forbidden');        // a co-signer is not the owner
  expectError(assert, await f.u.m2.del(`${P}/${p.id}/attachments/${a2.id}`), 403, 'forbidden');
  expectError(assert, await f.u.pstaff.del(`${P}/${p.id}/attachments/${a2.id}`), 403, 'forbidden');
  expectError(assert, await f.u.info.del(`${P}/${p.id}/attachments/${a2.id}`), 403, 'forbidden');
  const after = await get(f.u.m1, p.id);
  assert.deepEqual(after.attachments.map((a) => a.id), [a2.id]);
  assert.equal(after.version, p.version);
  assert.equal((await f.u.m1.get(`${P}/${p.id}/events`)).body.items.length, events, 'no event for refused changes');
  await expectFile(f.u.m2, p.id, a2, PDF, '二.pdf');
});

test('a reply attachment by the replying unit (?reply_id=), read by the author', async () => {
  let p = await draft(f.u.m1);
  p = await fileIt(f, await submit(f.u.m1, p), f.u.cstaffEcon);
  p = await assign(f, p, { mode: 'lead', lead_unit_id: f.units[0].id, co_unit_ids: [f.units[1].id] });
  // before any reply, a unit has nothing to attach to
  expectError(assert, await upload(f.u.h1, p.id, '答复函.pdf', PDF), 422, 'required');
  p = await act(f.u.h1, p, 'accept');
  p = await reply(f.u.h1, p, 'A');
  const rid = p.replies[0].id;
  expectError(assert, await upload(f.u.h1, p.id, '答复函.pdf', PDF), 422, 'required');
  expectError(assert, await upload(f.u.h2, p.id, '答复函.pdf', PDF, `&reply_id=${rid}`), 403, 'forbidden');   // co-unit: not its reply
  expectError(assert, await upload(f.u.h3, p.id, '答复函.pdf', PDF, `&reply_id=${rid}`), 404, 'not_found');   // not assigned at all
  expectError(assert, await upload(f.u.h3, p.id, 'x.exe', EXE, `&reply_id=${rid}`), 404, 'not_found');        // 404 whatever the file
  expectError(assert, await upload(f.u.h3, p.id, 'x.pdf', Buffer.alloc(0), `&reply_id=${rid}`), 404, 'not_found');
  expectError(assert, await upload(f.u.m1, p.id, '答复函.pdf', PDF, `&reply_id=${rid}`), 409, 'invalid_state');
  const att = must(await upload(f.u.h1, p.id, '答复函（签发稿）.pdf', PDF, `&reply_id=${rid}`), 'reply attachment', 201);
  const seen = await get(f.u.m1, p.id);
  assert.deepEqual(seen.attachments.map((a) => [a.id, a.reply_id]), [[att.id, rid]]);
  await expectFile(f.u.m1, p.id, att, PDF, '答复函（签发稿）.pdf');
  await expectFile(f.u.h2, p.id, att, PDF, '答复函（签发稿）.pdf');
  expectError(assert, asError(await download(f.u.h3, p.id, att.id)), 404, 'not_found');
  // a reply id must belong to this proposal, for staff too
  const other = await assign(f, await fileIt(f, await submit(f.u.m1, await draft(f.u.m1)), f.u.cstaffEcon),
    { mode: 'lead', lead_unit_id: f.units[0].id });
  expectError(assert, await upload(f.u.h1, other.id, '答复函.pdf', PDF, `&reply_id=${rid}`), 422, 'invalid_reference');
  const e = expectError(assert, await upload(f.u.pstaff, other.id, '答复函.pdf', PDF, `&reply_id=${rid}`), 422, 'invalid_reference');
  assert.equal(e.field, 'reply_id');
  expectError(assert, await upload(f.u.pstaff, other.id, '答复函.pdf', PDF, '&reply_id=999999'), 422, 'invalid_reference');
  assert.equal((await get(f.u.pstaff, other.id)).attachments.length, 0);
  // the replying unit cannot delete; deletion is the author's, on drafts
  expectError(assert, await f.u.h1.del(`${P}/${p.id}/attachments/${att.id}`), 403, 'forbidden');
});

test('at most 20 attachments per proposal', async () => {
  const p = await draft(f.u.m1);
  for (let i = 0; i < 20; i++) must(await upload(f.u.m1, p.id, `附件${i + 1}.pdf`, PDF), `upload ${i + 1}`, 201);
  expectError(assert, await upload(f.u.m1, p.id, '附件21.pdf', PDF), 422, 'too_many');
  assert.equal((await get(f.u.m1, p.id)).attachments.length, 20);
});

test('files live in the database, not beside it', () => {
  // the server's data directory holds only the database (SQLite) or nothing (PostgreSQL)
  const files = readdirSync(server.dir).filter((n) => !/^test\.db(-wal|-shm|-journal)?$/.test(n));
  assert.deepEqual(files, []);
});
