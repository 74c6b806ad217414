// Shared fixture: builds a registry and users through the API on a fresh server
// (startServer()) and returns logged-in clients. Call it once per server:
// usernames are global. Usernames (3..64 characters): admin, member1..member5,
// cstaff_econ, cstaff_soc, pstaff, info, leader, handler1..handler3; county_admin,
// county_m1, county_pstaff, county_h1, county_leader; every client's .user.username
// holds it too. Passwords: PASSWORD (admin: ADMIN_PASSWORD).
import { ADMIN_PASSWORD, PASSWORD } from './lib.mjs';

function must(r, what, status) {
  const okStatus = status ? r.status === status : r.status >= 200 && r.status < 300;
  if (!okStatus) throw new Error(`fixture: ${what} failed: ${r.status} ${r.text}`);
  return r.body;
}

async function createUser(admin, username, fields) {
  return must(await admin.post('/api/v1/users', { username, password: PASSWORD, ...fields }), `user ${username}`, 201);
}

/**
 * {
 *   admin, bodyId, sessionId,
 *   sectors: [{id,name}×3], committees: {proposal, economy, society},
 *   partUnits: [{id,name}×2], units: [{id,name}×3], members: [{id,name}×5],
 *   u: { m1..m5, cstaffEcon, cstaffSoc, pstaff, info, leader, h1, h2, h3 },
 *   county: { bodyId, sessionId, admin, unitId, memberId, u: { member, pstaff, handler, leader } },
 * }
 */
export async function makeFixture(server) {
  const admin = await server.login('admin', ADMIN_PASSWORD);
  const me = must(await admin.get('/api/v1/auth/me'), 'me');
  const bodyId = me.body.id;
  const sessionId = me.body.current_session_id;

  const sectors = [];
  for (const [i, name] of ['经济界', '教育界', '特邀香港人士'].entries()) {
    const s = must(await admin.post('/api/v1/sectors', { name, sort: i + 1 }), `sector ${name}`, 201);
    sectors.push({ id: s.id, name: s.name });
  }
  const committee = async (name, isProposal) => {
    const c = must(await admin.post('/api/v1/committees', { name, is_proposal_committee: isProposal }),
      `committee ${name}`, 201);
    return { id: c.id, name: c.name };
  };
  const committees = {
    proposal: await committee('提案委员会', true),
    economy: await committee('经济委员会', false),
    society: await committee('社会和法制委员会', false),
  };

  const partUnits = [];
  for (const [name, kind] of [['民盟测试市委会', 'party'], ['市工商联', 'organisation']]) {
    const p = must(await admin.post('/api/v1/participating-units', { name, kind }), `participating unit ${name}`, 201);
    partUnits.push({ id: p.id, name: p.name });
  }

  const units = [];
  for (const [name, contact] of [['市教育局', '王科长'], ['市卫生健康委', '李科长'], ['市住房城乡建设局', '赵科长']]) {
    const h = must(await admin.post('/api/v1/handling-units', { name, kind: 'government', contact, phone: '0571-8000000' }),
      `handling unit ${name}`, 201);
    units.push({ id: h.id, name: h.name });
  }

  const memberSpecs = [
    { name: '张经济', gender: '男', party: '民盟', sector_id: sectors[0].id, committee_id: committees.economy.id, standing: true },
    { name: '李财政', gender: '女', party: '民建', sector_id: sectors[0].id, committee_id: committees.economy.id },
    { name: '王教育', gender: '女', party: '民进', sector_id: sectors[1].id, committee_id: committees.society.id },
    { name: '赵医生', gender: '男', party: '农工党', sector_id: sectors[1].id, committee_id: committees.society.id },
    { name: '陈港人', gender: '男', party: '无党派', sector_id: sectors[2].id, committee_id: committees.society.id, residence: '香港' },
  ];
  const members = [];
  for (const [i, spec] of memberSpecs.entries()) {
    const m = must(await admin.post('/api/v1/members', {
      ...spec, workplace: `测试单位${i + 1}`, phone: `1380000000${i + 1}`, email: `m${i + 1}@example.cn`,
    }), `member ${spec.name}`, 201);
    members.push({ id: m.id, name: m.name });
  }

  for (const [i, m] of members.entries()) await createUser(admin, `member${i + 1}`, { role: 'member', member_id: m.id });
  await createUser(admin, 'cstaff_econ', { role: 'committee_staff', display_name: '经济委干部', committee_id: committees.economy.id });
  await createUser(admin, 'cstaff_soc', { role: 'committee_staff', display_name: '社法委干部', committee_id: committees.society.id });
  await createUser(admin, 'pstaff', { role: 'proposal_staff', display_name: '提案办干部' });
  await createUser(admin, 'info', { role: 'info_staff', display_name: '信息编辑' });
  await createUser(admin, 'leader', { role: 'leader', display_name: '秘书长' });
  for (const [i, unit] of units.entries())
    await createUser(admin, `handler${i + 1}`, { role: 'unit_handler', display_name: `${unit.name}经办人`, unit_id: unit.id });

  const login = (name) => server.login(name, PASSWORD);
  const u = {
    m1: await login('member1'), m2: await login('member2'), m3: await login('member3'), m4: await login('member4'),
    m5: await login('member5'),
    cstaffEcon: await login('cstaff_econ'), cstaffSoc: await login('cstaff_soc'),
    pstaff: await login('pstaff'), info: await login('info'), leader: await login('leader'),
    h1: await login('handler1'), h2: await login('handler2'), h3: await login('handler3'),
  };

  // A child body with its own registry and users.
  const year = Number(String(me.body.session_year || new Date().getFullYear()));
  const cb = must(await admin.post('/api/v1/bodies', {
    name: '测试县政协', short_name: '县政协', level: 'county', term_number: 8, session_number: 3, year,
    admin_username: 'county_admin', admin_password: PASSWORD,
  }), 'county body', 201);
  const cadmin = await login('county_admin');
  const cSector = must(await cadmin.post('/api/v1/sectors', { name: '经济界' }), 'county sector', 201);
  const cCommittee = must(await cadmin.post('/api/v1/committees', { name: '提案委员会', is_proposal_committee: true }),
    'county committee', 201);
  const cUnit = must(await cadmin.post('/api/v1/handling-units', { name: '县教育局', kind: 'government' }), 'county unit', 201);
  const cMember = must(await cadmin.post('/api/v1/members', {
    name: '孙县委员', gender: '女', party: '中共', sector_id: cSector.id, committee_id: cCommittee.id,
    phone: '13900000001', email: 'county@example.cn',
  }), 'county member', 201);
  await createUser(cadmin, 'county_m1', { role: 'member', member_id: cMember.id });
  await createUser(cadmin, 'county_pstaff', { role: 'proposal_staff', display_name: '县提案办' });
  await createUser(cadmin, 'county_h1', { role: 'unit_handler', display_name: '县教育局经办人', unit_id: cUnit.id });
  await createUser(cadmin, 'county_leader', { role: 'leader', display_name: '县政协秘书长' });
  const county = {
    bodyId: cb.id,
    sessionId: cb.current_session_id,
    admin: cadmin,
    unitId: cUnit.id,
    memberId: cMember.id,
    sectorId: cSector.id,
    committeeId: cCommittee.id,
    u: {
      member: await login('county_m1'),
      pstaff: await login('county_pstaff'),
      handler: await login('county_h1'),
      leader: await login('county_leader'),
    },
  };

  return { admin, bodyId, sessionId, sectors, committees, partUnits, units, members, u, county };
}
