-- A B reply (正在解决或已列入计划逐步解决) stays under follow-up until the unit
-- reports it done (domain.md §3).
ALTER TABLE proposal_replies ADD COLUMN followup_text TEXT;
ALTER TABLE proposal_replies ADD COLUMN followup_at BIGINT;
ALTER TABLE proposal_replies ADD COLUMN followup_by BIGINT REFERENCES users(id);

-- Excellent handling units (先进承办单位), selected per session.
CREATE TABLE unit_awards (
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  unit_id BIGINT NOT NULL REFERENCES handling_units(id),
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  kind TEXT NOT NULL,                       -- excellent_unit
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, unit_id, kind)
);
