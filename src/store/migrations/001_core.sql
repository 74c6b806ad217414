-- Core schema. Written once for both backends: @ID@ and @BLOB@ are replaced
-- per backend (see migrate.c). Times are unix seconds, dates 'YYYY-MM-DD'.
-- Every record carries body_id (domain.md §9). Nothing that history refers to
-- is hard-deleted: rows are deactivated (active = 0).

CREATE TABLE bodies (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  short_name TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL,                      -- national | province | city | county
  parent_id BIGINT REFERENCES bodies(id),
  current_session_id BIGINT,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);

CREATE TABLE terms (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  number INTEGER NOT NULL,                  -- 8 for 第八届
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (body_id, number)
);

CREATE TABLE sessions (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  term_id BIGINT NOT NULL REFERENCES terms(id),
  number INTEGER NOT NULL,                  -- 3 for 三次会议
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (term_id, number)
);

CREATE TABLE sectors (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (body_id, name)
);

CREATE TABLE committees (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  is_proposal_committee INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (body_id, name)
);

CREATE TABLE participating_units (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                       -- party | organisation | sector_group
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (body_id, name)
);

CREATE TABLE handling_units (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                       -- government | court | procuratorate | enterprise | other
  contact TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (body_id, name)
);

CREATE TABLE members (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  gender TEXT NOT NULL,                     -- 男 | 女
  ethnicity TEXT NOT NULL DEFAULT '汉族',
  party TEXT NOT NULL,                      -- 中共 | 民革 | ... | 无党派
  sector_id BIGINT NOT NULL REFERENCES sectors(id),
  committee_id BIGINT NOT NULL REFERENCES committees(id),
  standing INTEGER NOT NULL DEFAULT 0,
  workplace TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  term_start TEXT NOT NULL DEFAULT '',
  term_end TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'in_office', -- in_office | resigned | revoked
  residence TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX members_body ON members(body_id, sector_id, committee_id);

CREATE TABLE studios (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                       -- studio | station | room
  place TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (body_id, name)
);

CREATE TABLE studio_members (
  studio_id BIGINT NOT NULL REFERENCES studios(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  PRIMARY KEY (studio_id, member_id)
);

CREATE TABLE users (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,        -- member | committee_staff | proposal_staff | info_staff | unit_handler | leader | admin
  member_id BIGINT REFERENCES members(id),
  unit_id BIGINT REFERENCES handling_units(id),
  committee_id BIGINT REFERENCES committees(id),
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL
);

CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_id);

CREATE TABLE api_tokens (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked INTEGER NOT NULL DEFAULT 0
);

-- Failed logins per key ("user:NAME" or "ip:ADDR"), shared by every server process.
CREATE TABLE login_attempts (
  key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  failures INTEGER NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0
);

-- Numbering and other shared counters, incremented inside the writing transaction.
CREATE TABLE counters (
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  scope TEXT NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (body_id, scope)
);

-- Per-body settings (time limits etc.); absent keys take the defaults of domain.md.
CREATE TABLE settings (
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (body_id, key)
);

-- Working-day calendar: days that differ from the Mon–Fri rule.
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                       -- holiday | workday
  name TEXT NOT NULL DEFAULT ''
);

-- The review chain (立案审查), per body, in order.
CREATE TABLE review_stages (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  UNIQUE (body_id, position)
);

-- The proposal state machine as data: who may take which action from which state.
CREATE TABLE workflow_transitions (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  roles TEXT NOT NULL,                      -- comma-separated role codes
  UNIQUE (body_id, action, from_state)
);

CREATE TABLE proposals (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  number INTEGER,                           -- given at filing, per term and session
  number_label TEXT,
  title TEXT NOT NULL,
  analysis TEXT NOT NULL DEFAULT '',
  suggestions TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                       -- individual | joint | collective
  plenary INTEGER NOT NULL DEFAULT 1,
  author_member_id BIGINT REFERENCES members(id),
  collective_kind TEXT,                     -- participating_unit | sector | committee
  collective_id BIGINT,
  created_by BIGINT NOT NULL REFERENCES users(id),
  suggested_units TEXT NOT NULL DEFAULT '',
  publish_consent INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  published_at BIGINT,
  state TEXT NOT NULL,
  review_stage INTEGER NOT NULL DEFAULT 0,
  not_filed_reason TEXT,
  converted_to TEXT,
  merged_into_id BIGINT REFERENCES proposals(id),
  cosign_deadline TEXT,
  key_proposal INTEGER NOT NULL DEFAULT 0,
  supervising_leader TEXT,
  supervision_form TEXT,
  excellent INTEGER NOT NULL DEFAULT 0,
  assigned_at BIGINT,
  reroute_deadline TEXT,
  reply_deadline TEXT,
  rehandled INTEGER NOT NULL DEFAULT 0,
  eval_round INTEGER NOT NULL DEFAULT 0,
  eval_deadline TEXT,
  closed_unevaluated INTEGER NOT NULL DEFAULT 0,
  submitted_at BIGINT,
  filed_at BIGINT,
  replied_at BIGINT,
  closed_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX proposals_body_state ON proposals(body_id, session_id, state);
CREATE INDEX proposals_author ON proposals(author_member_id);

CREATE TABLE proposal_authors (
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  role TEXT NOT NULL,                       -- first | cosigner | merged
  status TEXT NOT NULL,                     -- confirmed | invited | declined | expired
  responded_at BIGINT,
  PRIMARY KEY (proposal_id, member_id)
);
CREATE INDEX proposal_authors_member ON proposal_authors(member_id);

CREATE TABLE proposal_assignments (
  id @ID@,
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  unit_id BIGINT NOT NULL REFERENCES handling_units(id),
  role TEXT NOT NULL,                       -- lead | co | split
  state TEXT NOT NULL,                      -- assigned | handling | replied | withdrawn
  assigned_at BIGINT NOT NULL,
  deadline TEXT NOT NULL,
  extended_deadline TEXT,
  extension_reason TEXT,
  accepted_at BIGINT,
  replied_at BIGINT,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX proposal_assignments_unit ON proposal_assignments(unit_id, active);
CREATE INDEX proposal_assignments_proposal ON proposal_assignments(proposal_id);

CREATE TABLE proposal_replies (
  id @ID@,
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  assignment_id BIGINT NOT NULL REFERENCES proposal_assignments(id),
  unit_id BIGINT NOT NULL REFERENCES handling_units(id),
  round INTEGER NOT NULL,                   -- 1, or 2 after re-handling
  text TEXT NOT NULL,
  category TEXT NOT NULL,                   -- A | B | C
  original_category TEXT,
  correction_reason TEXT,
  signed_by TEXT NOT NULL,
  contact_method TEXT NOT NULL,             -- 面商 | 电话 | 书面
  on_time INTEGER NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX proposal_replies_proposal ON proposal_replies(proposal_id);

CREATE TABLE co_opinions (
  id @ID@,
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  assignment_id BIGINT NOT NULL REFERENCES proposal_assignments(id),
  unit_id BIGINT NOT NULL REFERENCES handling_units(id),
  text TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE evaluations (
  id @ID@,
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  round INTEGER NOT NULL,
  process_satisfaction TEXT NOT NULL,       -- satisfied | basic | dissatisfied
  result_satisfaction TEXT NOT NULL,
  contacted INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  UNIQUE (proposal_id, member_id, round)
);

CREATE TABLE supervision_logs (
  id @ID@,
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  day TEXT NOT NULL,
  form TEXT NOT NULL,
  participants TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE attachments (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  reply_id BIGINT REFERENCES proposal_replies(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data @BLOB@ NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX attachments_proposal ON attachments(proposal_id);

CREATE TABLE proposal_events (
  id @ID@,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  actor_user_id BIGINT REFERENCES users(id),
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposal_events_proposal ON proposal_events(proposal_id);

-- A proposal forwarded to another body (§9) becomes readable there.
CREATE TABLE proposal_forwards (
  proposal_id BIGINT NOT NULL REFERENCES proposals(id),
  to_body_id BIGINT NOT NULL REFERENCES bodies(id),
  forwarded_at BIGINT NOT NULL,
  forwarded_by BIGINT NOT NULL REFERENCES users(id),
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (proposal_id, to_body_id)
);
