-- Store schema version 10: reliability: contracts recorded without their value, profile passphrases (solo mode).
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
ALTER TABLE contracts ADD COLUMN value_unknown INTEGER CHECK (value_unknown IS NULL OR value_unknown = 1);
UPDATE contracts SET value_unknown = 1 WHERE total_value = 0;
CREATE TABLE profile_passphrases (
    person_id TEXT PRIMARY KEY REFERENCES people(id),
    phc TEXT NOT NULL CHECK (phc LIKE '$argon2id$%'),
    set_at TEXT NOT NULL
) STRICT;
