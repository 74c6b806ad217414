// Outside input that is not what it should be: random and mutated bytes as CSV
// rosters, JSON bodies, query strings and cookies. Every answer must be a clean
// 4xx with the error shape (or a 200 for what happens to be valid), the server
// must stay up, and under the ASan build no sanitizer report may appear
// (lib.mjs fails the file on one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';
import { makeFixture } from './fixture.mjs';

const SEED = Number(process.env.YZ_GARBAGE_SEED || 7);
let server, f;
before(async () => { server = await startServer(); f = await makeFixture(server); });
after(async () => { await server?.stop(); });

function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}
const rand = rng(SEED);
const int = (n) => Math.floor(rand() * n);
const randomBytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));
const pieces = ['姓名,性别,党派,界别,专委会\n', '"', '""', ',', '\r\n', '\n', '\xef\xbb\xbf', '张三', '\xe4\xb8', '\xff', '男', '民进', '经济界',
  '经济委员会', '\\', '\0', '%', '{', '}', '[', ']', ':', '"a"', '1e9999', '-0', 'null', 'true', '\u202e'];
const mutated = (base, k) => {
  let s = Buffer.from(base);
  for (let i = 0; i < k; i++) {
    const at = int(s.length + 1);
    const piece = rand() < 0.5 ? Buffer.from(pieces[int(pieces.length)], 'binary') : randomBytes(1 + int(4));
    s = Buffer.concat([s.subarray(0, at), piece, s.subarray(at + (rand() < 0.3 ? int(3) : 0))]);
  }
  return s;
};

function clean(r, what) {
  assert.ok(r.status < 500, `${what}: ${r.status} ${r.text?.slice(0, 200)}`);
  if (r.status >= 400) assert.ok(r.body?.error?.code && r.body.error.message, `${what}: no error shape: ${r.text?.slice(0, 200)}`);
}

test('CSV roster import: random and mutated files', async () => {
  const good = '姓名,性别,党派,界别,专委会\n王五,男,民进,经济界,经济委员会\n"李,四",女,民建,教育界,社会和法制委员会\n';
  for (let i = 0; i < 150; i++) {
    const body = i % 3 === 0 ? randomBytes(int(400)) : mutated(good, 1 + int(6));
    const r = await f.admin.post('/api/v1/members/import', body, { headers: { 'Content-Type': 'text/csv' } });
    clean(r, `import #${i}`);
  }
});

test('JSON bodies: random and mutated', async () => {
  const good = JSON.stringify({ title: '关于加强社区养老服务的建议', category: 'society', analysis: '现状。', suggestions: '一是。' });
  for (let i = 0; i < 150; i++) {
    const body = i % 3 === 0 ? randomBytes(int(300)) : mutated(good, 1 + int(5));
    const r = await f.u.m1.post('/api/v1/proposals', body, { headers: { 'Content-Type': 'application/json' } });
    clean(r, `create #${i}`);
  }
});

test('query strings and cookies: random bytes, escapes and long values', async () => {
  const chars = 'abc=&%+?;#/\\中文\u0000\u00ff%zz%e4%b8%ad%FF%00';
  for (let i = 0; i < 150; i++) {
    let q = '';
    for (let k = int(60); k > 0; k--) q += chars[int(chars.length)];
    if (i % 10 === 0) q = 'q=' + 'x'.repeat(5000 + int(5000));
    let r = await f.u.pstaff.get(`/api/v1/proposals?${encodeURI(q).replace(/%25/g, '%')}`);
    clean(r, `query #${i}`);
    const c = server.client();
    c.cookie = `yz_session=${randomBytes(int(80)).toString('latin1').replace(/[\r\n;]/g, '')}`;
    try { r = await c.get('/api/v1/auth/me'); } catch { continue; }   // bytes fetch itself refuses to send
    clean(r, `cookie #${i}`);
  }
  const health = await f.u.pstaff.get('/api/v1/health');
  assert.equal(health.status, 200);
});
