// docs/openapi.yaml and the server describe the same API: every route the
// server answers (`yizheng routes`) is documented, every documented operation
// is served, and GET /api/v1/openapi.yaml serves the file as it is on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cli, startServer } from './lib.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const SPEC = resolve(ROOT, 'docs/openapi.yaml');
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** "METHOD /api/v1/a/{}/b": every path parameter (`:id`, `*`, `{name}`) becomes `{}`. */
function normalise(method, path) {
  const segs = path.split('/').map((s) => (s.startsWith(':') || s === '*' || /^\{[^/{}]+\}$/.test(s) ? '{}' : s));
  return `${method.toUpperCase()} ${segs.join('/')}`;
}

/** The server's routes, from `yizheng routes` ("METHOD /api/v1/pattern" per line). */
function serverRoutes() {
  const r = cli(['routes']);
  assert.equal(r.status, 0, `yizheng routes failed: ${r.stderr}`);
  const out = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    const m = line.match(/^([A-Z]+) (\/api\/v1\/\S*)$/);
    assert.ok(m, `unexpected line from yizheng routes: ${JSON.stringify(line)}`);
    out.push(normalise(m[1], m[2]));
  }
  return out;
}

/** The operations of the `paths:` section: path keys at 2 spaces, method keys at 4.
 *  A small indentation-based reader, enough for this file's layout (no npm YAML). */
function specRoutes(text) {
  const out = [];
  let inPaths = false;
  let path = null;
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (/^\s*(#.*)?$/.test(line)) continue;                  // blank or comment
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      inPaths = /^paths:\s*$/.test(line);
      path = null;
      continue;
    }
    if (!inPaths) continue;
    if (indent === 2) {
      const m = line.match(/^ {2}(["']?)(\/[^"']*)\1:\s*$/);
      assert.ok(m, `docs/openapi.yaml line ${i + 1}: expected a path key under paths:, got ${JSON.stringify(line)}`);
      path = m[2];
    } else if (indent === 4 && path) {
      const m = line.match(/^ {4}([A-Za-z]+):/);
      if (m && METHODS.has(m[1])) out.push(normalise(m[1], path));
    }
  }
  return out;
}

function duplicates(list) {
  return [...new Set(list.filter((x, i) => list.indexOf(x) !== i))];
}

function describeDifference(served, documented) {
  const missing = [...served].filter((r) => !documented.has(r)).sort();
  const extra = [...documented].filter((r) => !served.has(r)).sort();
  const parts = [];
  if (missing.length) parts.push(`served but not described in docs/openapi.yaml:\n  ${missing.join('\n  ')}`);
  if (extra.length) parts.push(`described in docs/openapi.yaml but not served:\n  ${extra.join('\n  ')}`);
  return { missing, extra, message: parts.join('\n') };
}

test('docs/openapi.yaml describes exactly the routes the server serves', () => {
  const served = serverRoutes();
  const documented = specRoutes(readFileSync(SPEC, 'utf8'));
  assert.ok(served.length > 0, 'yizheng routes printed no route');
  assert.ok(documented.length > 0, 'no operation found under paths: in docs/openapi.yaml');
  assert.deepEqual(duplicates(served), [], 'the server lists a route twice');
  assert.deepEqual(duplicates(documented), [], 'docs/openapi.yaml describes an operation twice');
  const diff = describeDifference(new Set(served), new Set(documented));
  assert.ok(diff.missing.length === 0 && diff.extra.length === 0, diff.message);
});

test('the reader of docs/openapi.yaml finds what it should', () => {
  const text = [
    'openapi: 3.0.3',
    'paths:',
    '  /api/v1/things:',
    '    get:',
    '      description: |',
    '        post: not a method, only text',
    '',
    '    post:',
    '      responses: {}',
    '  "/api/v1/things/{id}/parts/{part_id}":',
    '    parameters:',
    '      - $ref: "#/components/parameters/Id"',
    '    delete:',
    '      responses: {}',
    'components:',
    '  schemas:',
    '    get:',
    '      type: object',
  ].join('\n');
  assert.deepEqual(specRoutes(text), ['GET /api/v1/things', 'POST /api/v1/things', 'DELETE /api/v1/things/{}/parts/{}']);
  assert.equal(normalise('post', '/api/v1/proposals/:id/actions/*'), 'POST /api/v1/proposals/{}/actions/{}');
  // An undocumented route is reported by name.
  const diff = describeDifference(new Set(['GET /api/v1/a', 'GET /api/v1/b']), new Set(['GET /api/v1/a', 'PUT /api/v1/c']));
  assert.deepEqual(diff.missing, ['GET /api/v1/b']);
  assert.deepEqual(diff.extra, ['PUT /api/v1/c']);
  assert.match(diff.message, /served but not described[\s\S]*GET \/api\/v1\/b/);
});

test('GET /api/v1/openapi.yaml serves the file on disk, without signing in', async () => {
  const server = await startServer();
  try {
    const r = await server.client().req('GET', '/api/v1/openapi.yaml', undefined, { raw: true });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') || '', /^text\/yaml\b/);
    const disk = readFileSync(SPEC);
    assert.equal(r.body.length, disk.length, 'served length differs from docs/openapi.yaml');
    assert.ok(r.body.equals(disk), 'served document differs from docs/openapi.yaml');
  } finally {
    await server.stop();
  }
});
