-- Lists and counts filter on these columns; covering them keeps the long
-- texts (analysis, suggestions) out of every scan.
CREATE INDEX proposals_list ON proposals(body_id, submitted_at, created_by, published, state, session_id,
                                         category, kind, review_stage, number, reply_deadline, key_proposal, excellent);
-- The default list order (newest first) walks this one and stops after a page.
CREATE INDEX proposals_order ON proposals(body_id, id, submitted_at, created_by, published);
CREATE INDEX proposal_forwards_to ON proposal_forwards(to_body_id, proposal_id);
CREATE INDEX proposal_events_body ON proposal_events(body_id, at);
