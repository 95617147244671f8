-- Store schema version 9: team mode in the window: notifications of what reached this person through sync.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    assignment_id TEXT,
    actor TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL,
    read_at TEXT
) STRICT;
CREATE INDEX notifications_at ON notifications(at);
CREATE INDEX notifications_unread ON notifications(assignment_id) WHERE read_at IS NULL;
