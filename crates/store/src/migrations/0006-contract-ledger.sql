-- Store schema version 6: contract ledger: parties, notes, policies covered, amendments, acceptances with frozen lists.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
-- The ledger's per-piece facts, kept on the assignment by triggers: the newest
-- revision's word count and whether it is within its line's length tier, the
-- first publication, the newest counting override. The contract report reads
-- them from one covering index, grouped, instead of three lookups per piece.
-- The tier test here must equal `ContractLine::in_tier` (checked by
-- tests/integration/ledger.rs, `the_stored_tier_flag_matches_the_rule`).
ALTER TABLE assignments ADD COLUMN words INTEGER;
ALTER TABLE assignments ADD COLUMN in_tier INTEGER;
ALTER TABLE assignments ADD COLUMN first_published_at TEXT;
ALTER TABLE assignments ADD COLUMN counts_override INTEGER;
UPDATE assignments SET
    words = (SELECT v.word_count FROM revisions v WHERE v.assignment_id = assignments.id ORDER BY v.seq DESC LIMIT 1),
    first_published_at = (SELECT min(p.published_at) FROM publications p WHERE p.assignment_id = assignments.id),
    counts_override = (SELECT o.counts FROM counting_overrides o WHERE o.assignment_id = assignments.id
                       ORDER BY o.decided_at DESC, o.id DESC LIMIT 1);
UPDATE assignments SET in_tier = (
    SELECT (l.min_words IS NULL OR coalesce(assignments.words, 0) >= l.min_words)
       AND (l.max_words IS NULL OR coalesce(assignments.words, 0) <= l.max_words)
    FROM contract_lines l WHERE l.id = assignments.line_id);
CREATE TRIGGER assignments_ledger AFTER INSERT ON assignments
BEGIN
    UPDATE assignments SET in_tier = (
        SELECT (l.min_words IS NULL OR 0 >= l.min_words) AND (l.max_words IS NULL OR 0 <= l.max_words)
        FROM contract_lines l WHERE l.id = NEW.line_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER revisions_ledger AFTER INSERT ON revisions
BEGIN
    UPDATE assignments SET words = NEW.word_count, in_tier = (
        SELECT (l.min_words IS NULL OR NEW.word_count >= l.min_words)
           AND (l.max_words IS NULL OR NEW.word_count <= l.max_words)
        FROM contract_lines l WHERE l.id = assignments.line_id)
    WHERE id = NEW.assignment_id;
END;
CREATE TRIGGER publications_ledger AFTER INSERT ON publications
BEGIN
    UPDATE assignments SET first_published_at = NEW.published_at
    WHERE id = NEW.assignment_id AND (first_published_at IS NULL OR first_published_at > NEW.published_at);
END;
CREATE TRIGGER counting_overrides_ledger AFTER INSERT ON counting_overrides
BEGIN UPDATE assignments SET counts_override = NEW.counts WHERE id = NEW.assignment_id; END;
CREATE INDEX assignments_due ON assignments(line_id, state, due_on);
CREATE INDEX assignments_ledger ON assignments(line_id, state, counts_override, in_tier, first_published_at);

ALTER TABLE contracts ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN agency_signatory TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN newsroom_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN newsroom_signatory TEXT NOT NULL DEFAULT '';

CREATE TABLE contract_policies (
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    policy_id TEXT NOT NULL REFERENCES policies(id),
    PRIMARY KEY (contract_id, policy_id)
) STRICT;

CREATE TABLE contract_amendments (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    number TEXT NOT NULL CHECK (length(trim(number)) > 0),
    signed_on TEXT,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    total_value_before INTEGER NOT NULL,
    total_value_after INTEGER NOT NULL CHECK (total_value_after >= 0),
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    UNIQUE (contract_id, number)
) STRICT;
CREATE TABLE amendment_lines (
    amendment_id TEXT NOT NULL REFERENCES contract_amendments(id),
    line_id TEXT NOT NULL REFERENCES contract_lines(id),
    quantity_before INTEGER,
    quantity_after INTEGER NOT NULL CHECK (quantity_after > 0),
    unit_price_before INTEGER,
    unit_price_after INTEGER NOT NULL CHECK (unit_price_after >= 0),
    PRIMARY KEY (amendment_id, line_id)
) STRICT;
CREATE TRIGGER contract_amendments_append_only_u BEFORE UPDATE ON contract_amendments
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;
CREATE TRIGGER contract_amendments_append_only_d BEFORE DELETE ON contract_amendments
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;
CREATE TRIGGER amendment_lines_append_only_u BEFORE UPDATE ON amendment_lines
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;
CREATE TRIGGER amendment_lines_append_only_d BEFORE DELETE ON amendment_lines
BEGIN SELECT RAISE(ABORT, 'contract amendments are append-only'); END;

CREATE TABLE acceptances (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts(id),
    seq INTEGER NOT NULL CHECK (seq > 0),
    period_from TEXT NOT NULL,
    period_until TEXT NOT NULL,
    total_amount INTEGER NOT NULL CHECK (total_amount >= 0),
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    CHECK (period_until >= period_from),
    UNIQUE (contract_id, seq),
    UNIQUE (contract_id, period_until)
) STRICT;
CREATE TABLE acceptance_items (
    acceptance_id TEXT NOT NULL REFERENCES acceptances(id),
    position INTEGER NOT NULL CHECK (position > 0),
    assignment_id TEXT NOT NULL UNIQUE REFERENCES assignments(id),
    line_id TEXT NOT NULL REFERENCES contract_lines(id),
    headline TEXT NOT NULL,
    author TEXT NOT NULL,
    genre TEXT NOT NULL,
    channel TEXT NOT NULL,
    outlet TEXT,
    published_at TEXT NOT NULL,
    url TEXT NOT NULL,
    remote_id TEXT,
    sent_sha256 TEXT,
    content_hash TEXT,
    words INTEGER NOT NULL,
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    views INTEGER,
    comments INTEGER,
    PRIMARY KEY (acceptance_id, position)
) STRICT;
CREATE TRIGGER acceptances_append_only_u BEFORE UPDATE ON acceptances
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
CREATE TRIGGER acceptances_append_only_d BEFORE DELETE ON acceptances
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
CREATE TRIGGER acceptance_items_append_only_u BEFORE UPDATE ON acceptance_items
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
CREATE TRIGGER acceptance_items_append_only_d BEFORE DELETE ON acceptance_items
BEGIN SELECT RAISE(ABORT, 'acceptances are append-only'); END;
