// Test harness: starts a throwaway yizheng server on the backend chosen by the
// environment and gives logged-in clients.
//   YZ_BIN           server binary (default build/yizheng; the ASan run sets build-asan/yizheng)
//   YZ_TEST_BACKEND  sqlite (default) | postgres
//   YZ_TEST_PGHOST   PostgreSQL socket directory (scripts/pg.sh start prints it)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = resolve(ROOT, process.env.YZ_BIN || 'build/yizheng');
export const ADMIN_PASSWORD = 'Admin12345';
export const PASSWORD = 'Passw0rd!';

function newDatabase(dir) {
  if ((process.env.YZ_TEST_BACKEND || 'sqlite') === 'sqlite') return { url: `sqlite:${join(dir, 'test.db')}`, drop() {} };
  const host = process.env.YZ_TEST_PGHOST;
  if (!host) throw new Error('YZ_TEST_PGHOST is not set (run scripts/pg.sh start)');
  const name = 'yz_' + randomBytes(6).toString('hex');
  const psql = (sql) => execFileSync('psql', ['-h', host, '-U', 'postgres', '-d', 'postgres', '-qAt', '-c', sql], { stdio: 'pipe' });
  psql(`CREATE DATABASE ${name}`);
  return {
    url: `postgresql://postgres@/${name}?host=${encodeURIComponent(host)}`,
    drop() { try { psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* cluster may be gone */ } },
  };
}

const env = { ...process.env, YIZHENG_INSECURE_FAST_HASH: '1', YIZHENG_OPENAPI: join(ROOT, 'docs/openapi.yaml') };

/** Runs the CLI synchronously; returns { status, stdout, stderr }. */
export function cli(args, opts = {}) {
  try {
    const stdout = execFileSync(BIN, args, { env, stdio: 'pipe', cwd: opts.cwd, encoding: 'utf8', timeout: 60000 });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status ?? 1, stdout: String(e.stdout || ''), stderr: String(e.stderr || '') };
  }
}

/** Spawns `yizheng serve` on a free port; resolves to { proc, url, stderr() }. */
async function spawnServe(dbUrl, extraArgs) {
  const proc = spawn(BIN, ['serve', '--db', dbUrl, '--listen', '127.0.0.1:0', '--test-clock', '--threads', '4', ...extraArgs],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error('server did not start: ' + stderr)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/([\d.]+):(\d+)\//);
      if (m) { clearTimeout(timer); res(`http://${m[1]}:${m[2]}`); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return { proc, url, stderr: () => stderr };
}

async function stopProc(proc) {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => { proc.once('exit', r); setTimeout(r, 5000).unref(); });
}

const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/;

/** Starts a server over a fresh database with body 1 (测试市政协) and admin/ADMIN_PASSWORD,
 * or, with demo: true, over the demo data set (every demo login's password is yizheng2026). */
export async function startServer({ extraArgs = [], demo = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'yz-test-'));
  const db = newDatabase(dir);
  const init = demo ? cli(['demo', '--no-serve', '--db', db.url])
    : cli(['init', '--db', db.url, '--body-name', '测试市政协', '--admin-user', 'admin', '--admin-password', ADMIN_PASSWORD]);
  if (init.status !== 0) throw new Error('init failed: ' + init.stderr);
  const { proc, url, stderr: stderrOf } = await spawnServe(db.url, extraArgs);
  const others = [];
  const server = {
    url, dbUrl: db.url, dir,
    get stderr() { return stderrOf(); },
    /** A second `yizheng serve` process over the same database: { url, client(), stop() }. */
    async another() {
      const o = await spawnServe(db.url, extraArgs);
      others.push(o);
      return { url: o.url, client: () => new Client(o.url), stop: () => stopProc(o.proc), stderr: o.stderr };
    },
    client() { return new Client(url); },
    async login(username, password = PASSWORD) {
      const c = new Client(url);
      await c.login(username, password);
      return c;
    },
    async stop() {
      for (const o of others) await stopProc(o.proc);
      await stopProc(proc);
      db.drop();
      rmSync(dir, { recursive: true, force: true });
      // Sanitizer reports go to stderr; fail loudly if a server produced one.
      for (const text of [stderrOf(), ...others.map((o) => o.stderr())])
        if (SANITIZER.test(text)) throw new Error('sanitizer report:\n' + text);
    },
  };
  return server;
}

export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; this.user = null; this.token = null; }

  async login(username, password = PASSWORD) {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrf_token;
    this.user = r.body.user;
    return r;
  }

  /** Low-level request. body: object (sent as JSON), string/Buffer (sent raw), or undefined. */
  async req(method, path, body, { headers = {}, raw = false } = {}) {
    const h = { ...headers };
    if (this.cookie && !('Cookie' in h)) h.Cookie = this.cookie;
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    let payload;
    if (body !== undefined && (typeof body === 'string' || Buffer.isBuffer(body))) payload = body;
    else if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] ??= 'application/json'; }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/yz_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `yz_session=${m[1]}` : null;
    }
    const buf = Buffer.from(await res.arrayBuffer());
    let parsed = null;
    const ct = res.headers.get('content-type') || '';
    if (!raw && ct.includes('application/json') && buf.length) parsed = JSON.parse(buf.toString('utf8'));
    return { status: res.status, body: raw ? buf : parsed, text: raw ? null : buf.toString('utf8'), headers: res.headers };
  }
  get(p, o) { return this.req('GET', p, undefined, o); }
  post(p, b, o) { return this.req('POST', p, b ?? {}, o); }
  patch(p, b, o) { return this.req('PATCH', p, b, o); }
  put(p, b, o) { return this.req('PUT', p, b, o); }
  del(p, o) { return this.req('DELETE', p, undefined, o); }
}

/** Asserts the one error shape and returns the error object. */
export function expectError(assert, r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  assert.ok(r.body && r.body.error, 'error body missing: ' + r.text);
  assert.equal(typeof r.body.error.message, 'string');
  assert.ok(/[\u4e00-\u9fff]/.test(r.body.error.message), 'message should be Chinese: ' + r.body.error.message);
  if (code) assert.equal(r.body.error.code, code, JSON.stringify(r.body));
  return r.body.error;
}

/** Asserts success (2xx) and returns the body. */
export function ok(assert, r, status) {
  if (status) assert.equal(r.status, status, JSON.stringify(r.body));
  else assert.ok(r.status >= 200 && r.status < 300, `expected 2xx, got ${r.status}: ${r.text}`);
  return r.body;
}
