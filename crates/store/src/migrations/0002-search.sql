-- Store schema version 2: full-text search over folded Vietnamese text.
-- Applied once, in order, by migrations.rs; never edited after release:
-- a change is a new numbered file.
CREATE VIRTUAL TABLE search_index USING fts5(
    headline, sapo, body, brief, policy,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
