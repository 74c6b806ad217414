// The yizheng command-line tool: help, init, migrate, user, routes, and where
// options come from (flag > environment > config file > default).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, cli, Client } from './lib.mjs';

const tmp = () => mkdtempSync(join(tmpdir(), 'yz-cli-'));

test('--help for the tool and every command, in Chinese; unknown command exits 2', () => {
  const top = cli(['--help']);
  assert.equal(top.status, 0);
  for (const cmd of ['init', 'serve', 'demo', 'user', 'migrate', 'routes']) assert.match(top.stdout, new RegExp(`\\b${cmd}\\b`));
  for (const cmd of ['init', 'serve', 'demo', 'user', 'migrate']) {
    const r = cli([cmd, '--help']);
    assert.equal(r.status, 0, `${cmd} --help: ${r.stderr}`);
    assert.match(r.stdout, /用法：yizheng/);
    assert.match(r.stdout, /--db/);
  }
  const bad = cli(['frobnicate']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /未知命令/);
  const badFlag = cli(['serve', '--no-such-flag']);
  assert.equal(badFlag.status, 2);
});

test('init creates the first body and admin once; a second init changes nothing', () => {
  const dir = tmp();
  try {
    const db = `sqlite:${join(dir, 'a.db')}`;
    const first = cli(['init', '--db', db, '--body-name', '政协甲市委员会', '--admin-user', 'root1', '--admin-password', 'Secret123']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /政协甲市委员会/);
    const again = cli(['init', '--db', db, '--admin-user', 'other', '--admin-password', 'Secret456']);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /已初始化/);
    const list = cli(['user', 'list', '--db', db]);
    assert.match(list.stdout, /root1/);
    assert.doesNotMatch(list.stdout, /other/);
    assert.match(cli(['migrate', '--db', db]).stdout, /最新版本/);
    const random = cli(['init', '--db', `sqlite:${join(dir, 'b.db')}`]);
    assert.match(random.stdout, /admin \/ [0-9a-f]{16}/, 'without --admin-password a random one is printed');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('user add / reset-password / list, with the password policy', () => {
  const dir = tmp();
  try {
    const db = `sqlite:${join(dir, 'u.db')}`;
    assert.equal(cli(['init', '--db', db, '--admin-password', 'Secret123']).status, 0);
    const weak = cli(['user', 'add', '--db', db, '--username', 'weak1', '--password', 'short', '--role', 'leader']);
    assert.equal(weak.status, 2);
    assert.match(weak.stderr, /至少 8 位/);
    const badRole = cli(['user', 'add', '--db', db, '--username', 'x1x', '--password', 'Secret123', '--role', 'janitor']);
    assert.equal(badRole.status, 2);
    const ok = cli(['user', 'add', '--db', db, '--username', 'leader1', '--password', 'Secret123', '--role', 'leader', '--name', '李主席']);
    assert.equal(ok.status, 0, ok.stderr);
    const dup = cli(['user', 'add', '--db', db, '--username', 'leader1', '--password', 'Secret123', '--role', 'leader']);
    assert.equal(dup.status, 1);
    assert.equal(cli(['user', 'reset-password', '--db', db, '--username', 'leader1', '--password', 'Another99']).status, 0);
    assert.equal(cli(['user', 'reset-password', '--db', db, '--username', 'nobody', '--password', 'Another99']).status, 1);
    assert.match(cli(['user', 'list', '--db', db]).stdout, /leader1\s+李主席\s+leader/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('routes prints every API route', () => {
  const r = cli(['routes']);
  assert.equal(r.status, 0);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length > 80);
  assert.ok(lines.includes('POST /api/v1/proposals/:id/actions/*'));
  assert.ok(lines.every((l) => /^(GET|POST|PUT|PATCH|DELETE) \/api\/v1\//.test(l)));
});

/** Starts `serve` with the given args/env; resolves to the URL it prints. */
function serve(args, env) {
  const proc = spawn(BIN, ['serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res, rej) => {
    let out = '', err = '';
    const t = setTimeout(() => { proc.kill(); rej(new Error('no start: ' + err)); }, 10000);
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/([\d.]+):(\d+)\//);
      if (m) { clearTimeout(t); res({ proc, url: `http://${m[1]}:${m[2]}` }); }
    });
    proc.on('exit', (code) => { clearTimeout(t); rej(new Error(`exited ${code}: ${err}`)); });
  });
}

async function stop(proc) {
  proc.kill('SIGTERM');
  await new Promise((r) => { proc.once('exit', r); setTimeout(r, 5000).unref(); });
}

test('options: flag > environment > config file', async () => {
  const dir = tmp();
  try {
    const fileDb = join(dir, 'file.db'), envDb = join(dir, 'env.db');
    for (const [db, name] of [[fileDb, '文件配置政协'], [envDb, '环境变量政协']])
      assert.equal(cli(['init', '--db', `sqlite:${db}`, '--body-name', name, '--admin-password', 'Secret123']).status, 0);
    const conf = join(dir, 'yizheng.conf');
    writeFileSync(conf, `# test config\ndb = sqlite:${fileDb}\nlisten = 127.0.0.1:0\nthreads = 2\n`);
    const who = async (url) => {
      const c = new Client(url);
      await c.login('admin', 'Secret123');
      return (await c.get('/api/v1/auth/me')).body.body.name;
    };
    let s = await serve(['--config', conf], {});
    try { assert.equal(await who(s.url), '文件配置政协'); } finally { await stop(s.proc); }
    s = await serve(['--config', conf], { YIZHENG_DB: `sqlite:${envDb}` });
    try { assert.equal(await who(s.url), '环境变量政协', 'environment beats the config file'); } finally { await stop(s.proc); }
    s = await serve(['--config', conf, '--db', `sqlite:${fileDb}`], { YIZHENG_DB: `sqlite:${envDb}` });
    try { assert.equal(await who(s.url), '文件配置政协', 'a flag beats the environment'); } finally { await stop(s.proc); }
    writeFileSync(conf, 'bogus = 1\n');
    const bad = cli(['serve', '--config', conf]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /未知配置项 bogus/);
    const badDb = cli(['serve', '--db', 'mysql://nope']);
    assert.equal(badDb.status, 1);
    assert.match(badDb.stderr, /sqlite:/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
