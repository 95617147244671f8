-- Store schema version 11: the whole desk: priority and stage of a piece, reporters' answers, people deactivated, agencies' focal points, policies' stages, citizen feedback from every channel.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
ALTER TABLE people ADD COLUMN deactivated_at TEXT;
ALTER TABLE assignments ADD COLUMN priority TEXT CHECK (priority IS NULL OR priority IN ('thuong', 'gap'));
ALTER TABLE assignments ADD COLUMN stage TEXT
    CHECK (stage IS NULL OR stage IN ('lay-y-kien', 'thong-qua', 'ban-hanh', 'thuc-thi'));
-- When the piece was last given to its reporter (their answers count from then).
ALTER TABLE assignments ADD COLUMN assigned_at TEXT;
CREATE INDEX assignments_deadline ON assignments(due_on);
-- The period report walks the published pieces in the order it groups
-- them (no sort, no table lookup: the covering index carries the day and
-- the piece's number), and joins each to its audience totals by number
-- (an integer seek into a covering index, not a text key).
CREATE INDEX assignments_published ON assignments(policy_id, stage, line_id, state, in_tier, counts_override,
    first_published_at) WHERE first_published_at IS NOT NULL;
ALTER TABLE engagement_totals ADD COLUMN num INTEGER;
UPDATE engagement_totals SET num = (SELECT a.num FROM assignments a WHERE a.id = engagement_totals.assignment_id);
CREATE INDEX engagement_totals_num ON engagement_totals(num, views, visits, comments, shares, reactions);

-- A reporter's answer to an assignment; append-only, the newest counts.
CREATE TABLE assignment_responses (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    response TEXT NOT NULL CHECK (response IN ('accept', 'decline')),
    reason TEXT,
    at TEXT NOT NULL,
    CHECK (response = 'accept' OR length(trim(reason)) > 0)
) STRICT;
CREATE INDEX assignment_responses_piece ON assignment_responses(assignment_id, at);
CREATE TRIGGER assignment_responses_append_only_u BEFORE UPDATE ON assignment_responses
BEGIN SELECT RAISE(ABORT, 'assignment responses are append-only'); END;
CREATE TRIGGER assignment_responses_append_only_d BEFORE DELETE ON assignment_responses
WHEN (SELECT applying FROM sync_control) = 0
BEGIN SELECT RAISE(ABORT, 'assignment_responses are append-only'); END;

-- Whom to ask at an agency (focal points for policy communication).
CREATE TABLE agency_contacts (
    id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    name TEXT NOT NULL,
    position TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('dau-moi', 'phat-ngon', 'lanh-dao')),
    phone TEXT,
    email TEXT,
    created_at TEXT NOT NULL,
    removed_at TEXT
) STRICT;
CREATE INDEX agency_contacts_agency ON agency_contacts(agency_id);

-- A policy through its stages (Decision 407/QĐ-TTg: from consultation on
-- the draft to enforcement), each with its day and document; append-only.
CREATE TABLE policy_stages (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies(id),
    stage TEXT NOT NULL CHECK (stage IN ('lay-y-kien', 'thong-qua', 'ban-hanh', 'thuc-thi')),
    on_date TEXT NOT NULL,
    document_id TEXT REFERENCES media(id),
    note TEXT,
    recorded_by TEXT NOT NULL REFERENCES people(id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX policy_stages_policy ON policy_stages(policy_id, on_date);
CREATE TRIGGER policy_stages_append_only_u BEFORE UPDATE ON policy_stages
BEGIN SELECT RAISE(ABORT, 'policy stages are append-only'); END;
CREATE TRIGGER policy_stages_append_only_d BEFORE DELETE ON policy_stages
WHEN (SELECT applying FROM sync_control) = 0
BEGIN SELECT RAISE(ABORT, 'policy_stages are append-only'); END;

-- Citizens' feedback from every channel, with what became of it.
CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies(id),
    assignment_id TEXT REFERENCES assignments(id),
    channel TEXT NOT NULL CHECK (channel IN ('duong-day-nong', 'hoi-nghi', 'zalo', 'facebook', 'cong-thong-tin')),
    text TEXT NOT NULL,
    received_on TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('moi', 'da-chuyen', 'da-tra-loi')),
    forwarded_to TEXT,
    forwarded_on TEXT,
    answer TEXT,
    answered_on TEXT,
    recorded_by TEXT NOT NULL REFERENCES people(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (state <> 'da-tra-loi' OR length(trim(answer)) > 0)
) STRICT;
CREATE INDEX feedback_policy ON feedback(policy_id, received_on);
CREATE INDEX feedback_state ON feedback(state, received_on);
