-- The hub's schema, version 1 (`newsroom hub init` runs it once, as a
-- PostgreSQL admin, in one transaction). Every replicated row of every
-- workbench is one row of toasoan.rows: (tbl, id) names it, data holds its
-- columns, txid the transaction that last wrote it (the pull cursor), and
-- piece/owner say whose piece it belongs to (the scope row-level security
-- reads). Who may read and change what is decided here, by PostgreSQL: a
-- login's role comes from toasoan.logins, set only by create_login.

CREATE SCHEMA toasoan;
REVOKE ALL ON SCHEMA toasoan FROM PUBLIC;

CREATE TABLE toasoan.meta (key text PRIMARY KEY, value text NOT NULL);

-- Each person of the newsroom who signs in: their login, person id and role.
CREATE TABLE toasoan.logins (
    login name PRIMARY KEY,
    person_id text NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('reporter', 'editor', 'head')),
    created_by name NOT NULL DEFAULT session_user,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE toasoan.rows (
    tbl text NOT NULL,
    id text NOT NULL,
    data jsonb NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    piece text,
    owner text,
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    written_by name NOT NULL DEFAULT session_user,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tbl, id)
);
CREATE INDEX rows_txid ON toasoan.rows (txid);
CREATE INDEX rows_piece ON toasoan.rows (piece) WHERE piece IS NOT NULL;

-- Contracts and lines a reporter may read: those of their own pieces.
CREATE TABLE toasoan.reach (
    person text NOT NULL,
    tbl text NOT NULL,
    id text NOT NULL,
    PRIMARY KEY (person, tbl, id)
);

-- Rows that left a person's scope (a piece reassigned): their workbench
-- removes them on the next pull.
CREATE TABLE toasoan.exits (
    person text NOT NULL,
    tbl text NOT NULL,
    id text NOT NULL,
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX exits_person ON toasoan.exits (person, txid);

-- Each workbench's push cursor: operations up to last_seq are applied.
CREATE TABLE toasoan.workbenches (
    id text PRIMARY KEY,
    login name NOT NULL DEFAULT session_user,
    last_seq bigint NOT NULL DEFAULT 0,
    seen_at timestamptz NOT NULL DEFAULT now()
);

-- Media files travel beside their rows: content-addressed (the path names
-- the original's SHA-256), in chunks written one by one, so a large
-- original resumes where it stopped; complete once every chunk is there
-- and the whole checks against its hash.
CREATE TABLE toasoan.files (
    path text PRIMARY KEY,
    size bigint NOT NULL CHECK (size >= 0),
    sha256 text NOT NULL CHECK (length(sha256) = 64),
    complete boolean NOT NULL DEFAULT false,
    written_by name NOT NULL DEFAULT session_user
);
CREATE TABLE toasoan.file_chunks (
    path text NOT NULL REFERENCES toasoan.files (path),
    idx integer NOT NULL CHECK (idx >= 0),
    data bytea NOT NULL,
    PRIMARY KEY (path, idx)
);

-- Publishing in team mode: one workbench at a time sends a piece to a portal
-- (named by its address: every workbench configures its own account), under
-- a lease; the claim carries the journal of our post on that portal (slug,
-- remote id, a create under way), so whoever takes over after a lease ran
-- out updates that post instead of creating a second. `wanted_seq` is the
-- newest approved revision someone asked to publish, `done_seq` the newest
-- sent: a claim with wanted_seq > done_seq and no live lease is offered to
-- any workbench holding that portal's secret.
CREATE TABLE toasoan.publish_claims (
    piece text NOT NULL,
    portal text NOT NULL,
    holder text,
    login name,
    lease_until timestamptz NOT NULL DEFAULT '-infinity',
    wanted_seq integer NOT NULL DEFAULT 0,
    wanted_by name,
    wanted_at timestamptz NOT NULL DEFAULT now(),
    done_seq integer NOT NULL DEFAULT 0,
    post jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (piece, portal)
);
CREATE INDEX publish_claims_offered ON toasoan.publish_claims (portal, wanted_at) WHERE wanted_seq > done_seq;

-- The images each portal holds (by content hash), whoever uploaded them: a
-- photo used by two pieces, or a send taken over, is uploaded once.
CREATE TABLE toasoan.portal_media (
    portal text NOT NULL,
    sha256 text NOT NULL,
    slug text NOT NULL,
    remote_id text,
    url text,
    done boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (portal, sha256)
);

-- Engagement polling in team mode: one workbench reads a piece's figures
-- from a source per lease, so two editors' workbenches do not poll the same
-- pieces (the snapshots then replicate to everyone).
CREATE TABLE toasoan.poll_claims (
    piece text NOT NULL,
    source text NOT NULL,
    holder text NOT NULL,
    lease_until timestamptz NOT NULL,
    PRIMARY KEY (piece, source)
);

-- The group role every login is in: the privileges; row-level security and
-- the checks below narrow them per person.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'toasoan_member') THEN
        CREATE ROLE toasoan_member NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA toasoan TO toasoan_member;
GRANT SELECT ON toasoan.meta, toasoan.logins TO toasoan_member;
GRANT SELECT, INSERT, UPDATE ON toasoan.rows TO toasoan_member;
GRANT SELECT ON toasoan.exits, toasoan.reach TO toasoan_member;
GRANT SELECT, INSERT, UPDATE ON toasoan.workbenches TO toasoan_member;
GRANT SELECT, INSERT ON toasoan.files, toasoan.file_chunks TO toasoan_member;
GRANT SELECT, INSERT, UPDATE ON toasoan.publish_claims, toasoan.portal_media, toasoan.poll_claims TO toasoan_member;

-- A file is marked complete only when its chunks add up to its size and hash.
CREATE FUNCTION toasoan.complete_file(p text) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    f toasoan.files;
    whole bytea;
BEGIN
    SELECT * INTO f FROM toasoan.files WHERE path = p;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    SELECT string_agg(data, ''::bytea ORDER BY idx) INTO whole FROM toasoan.file_chunks WHERE path = p;
    IF COALESCE(length(whole), 0) <> f.size OR encode(sha256(COALESCE(whole, ''::bytea)), 'hex') <> f.sha256 THEN
        RETURN false;
    END IF;
    UPDATE toasoan.files SET complete = true WHERE path = p;
    RETURN true;
END $$;
REVOKE ALL ON FUNCTION toasoan.complete_file(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION toasoan.complete_file(text) TO toasoan_member;

-- Who is signed in: the person and role of the session's login.
CREATE FUNCTION toasoan.me() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT person_id FROM toasoan.logins WHERE login = session_user $$;
CREATE FUNCTION toasoan.my_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT role FROM toasoan.logins WHERE login = session_user $$;
REVOKE ALL ON FUNCTION toasoan.me(), toasoan.my_role() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION toasoan.me(), toasoan.my_role() TO toasoan_member;

ALTER TABLE toasoan.rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.exits ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.workbenches ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.reach ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.publish_claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.portal_media ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.poll_claims ENABLE ROW LEVEL SECURITY;

-- Reading: reference data for everyone; editors and heads the whole desk;
-- a reporter their own pieces (with everything that belongs to them) and
-- the contracts and lines those pieces are on.
CREATE POLICY rows_read ON toasoan.rows FOR SELECT TO toasoan_member USING (
    tbl IN ('people', 'agencies', 'policies', 'media')
    OR (SELECT toasoan.my_role()) IN ('editor', 'head')
    OR owner = (SELECT toasoan.me())
    OR EXISTS (SELECT 1 FROM toasoan.reach r
               WHERE r.person = (SELECT toasoan.me()) AND r.tbl = rows.tbl AND r.id = rows.id)
);
-- Writing: only rows the writer can see, and the checks of toasoan.check_row.
CREATE POLICY rows_insert ON toasoan.rows FOR INSERT TO toasoan_member WITH CHECK (
    (SELECT toasoan.me()) IS NOT NULL
);
-- (Every row the writer can see may be aimed at: the trigger then names
-- the rule that refuses it, instead of a silent "UPDATE 0".)
CREATE POLICY rows_update ON toasoan.rows FOR UPDATE TO toasoan_member
    USING (
        tbl IN ('people', 'agencies', 'policies', 'media')
        OR (SELECT toasoan.my_role()) IN ('editor', 'head')
        OR owner = (SELECT toasoan.me())
        OR EXISTS (SELECT 1 FROM toasoan.reach r
                   WHERE r.person = (SELECT toasoan.me()) AND r.tbl = rows.tbl AND r.id = rows.id)
    )
    WITH CHECK ((SELECT toasoan.me()) IS NOT NULL);
-- Editors and heads publish.
CREATE POLICY publish_claims_desk ON toasoan.publish_claims FOR ALL TO toasoan_member
    USING ((SELECT toasoan.my_role()) IN ('editor', 'head'))
    WITH CHECK ((SELECT toasoan.my_role()) IN ('editor', 'head')
                AND (holder IS NULL OR login = session_user)
                AND (wanted_by IS NULL OR wanted_by = session_user OR holder IS NOT NULL));
CREATE POLICY poll_claims_member ON toasoan.poll_claims FOR ALL TO toasoan_member
    USING ((SELECT toasoan.me()) IS NOT NULL) WITH CHECK ((SELECT toasoan.me()) IS NOT NULL);
CREATE POLICY portal_media_desk ON toasoan.portal_media FOR ALL TO toasoan_member
    USING ((SELECT toasoan.my_role()) IN ('editor', 'head'))
    WITH CHECK ((SELECT toasoan.my_role()) IN ('editor', 'head'));
CREATE POLICY reach_own ON toasoan.reach FOR SELECT TO toasoan_member
    USING (person = (SELECT toasoan.me()));
CREATE POLICY exits_read ON toasoan.exits FOR SELECT TO toasoan_member
    USING (person = (SELECT toasoan.me()));
CREATE POLICY workbenches_own ON toasoan.workbenches FOR ALL TO toasoan_member
    USING (login = session_user) WITH CHECK (login = session_user);

-- The workflow's transitions (toasoan_core::workflow::next_state) as the hub
-- checks them against its current state: (from, to, roles allowed).
CREATE TABLE toasoan.transitions (
    from_state text NOT NULL,
    to_state text NOT NULL,
    roles text[] NOT NULL,
    PRIMARY KEY (from_state, to_state)
);
INSERT INTO toasoan.transitions VALUES
    ('assigned', 'drafting', '{reporter,editor,head}'),
    ('drafting', 'drafting', '{reporter,editor,head}'),
    ('changes-requested', 'drafting', '{reporter,editor,head}'),
    ('drafting', 'submitted', '{reporter,editor,head}'),
    ('changes-requested', 'submitted', '{reporter,editor,head}'),
    ('submitted', 'submitted', '{editor,head}'),
    ('submitted', 'changes-requested', '{editor,head}'),
    ('approved', 'changes-requested', '{editor,head}'),
    ('published', 'changes-requested', '{editor,head}'),
    ('submitted', 'approved', '{editor,head}'),
    ('approved', 'published', '{editor,head}'),
    ('published', 'accepted', '{head}'),
    ('assigned', 'cancelled', '{editor,head}'),
    ('drafting', 'cancelled', '{editor,head}'),
    ('submitted', 'cancelled', '{editor,head}'),
    ('changes-requested', 'cancelled', '{editor,head}'),
    ('approved', 'cancelled', '{editor,head}'),
    ('published', 'cancelled', '{editor,head}');
GRANT SELECT ON toasoan.transitions TO toasoan_member;

-- Whose piece a row belongs to: an assignment is its own piece and its
-- reporter's; an audit event about an assignment belongs to that piece;
-- everything else with an assignment_id to that assignment. A reporter
-- reaches the line and the contract of each of their pieces.
CREATE FUNCTION toasoan.scope(r toasoan.rows) RETURNS toasoan.rows LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF r.tbl = 'assignments' THEN
        r.piece := r.id;
        r.owner := r.data->>'reporter_id';
        INSERT INTO toasoan.reach (person, tbl, id)
        SELECT r.owner, 'contract_lines', r.data->>'line_id'
        UNION ALL
        SELECT r.owner, 'contracts', l.data->>'contract_id' FROM toasoan.rows l
        WHERE l.tbl = 'contract_lines' AND l.id = r.data->>'line_id'
        ON CONFLICT DO NOTHING;
    ELSIF r.tbl = 'audit_log' THEN
        r.piece := CASE WHEN r.data->>'entity_kind' = 'assignment' THEN r.data->>'entity_id' END;
    ELSIF r.data ? 'assignment_id' THEN
        r.piece := r.data->>'assignment_id';
    END IF;
    IF r.tbl <> 'assignments' AND r.piece IS NOT NULL THEN
        r.owner := (SELECT a.owner FROM toasoan.rows a WHERE a.tbl = 'assignments' AND a.id = r.piece);
    END IF;
    RETURN r;
END $$;
REVOKE ALL ON FUNCTION toasoan.scope(toasoan.rows) FROM PUBLIC;

-- Every write of a row is checked here, against the hub's current state and
-- the writer's role (the client is never trusted). Runs as the schema's
-- owner to read rows the writer cannot see (the piece a child row belongs
-- to); the writer is session_user.
CREATE FUNCTION toasoan.check_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who text := (SELECT person_id FROM toasoan.logins WHERE login = session_user);
    role text := (SELECT l.role FROM toasoan.logins l WHERE l.login = session_user);
    desk boolean := role IN ('editor', 'head');
    piece_row toasoan.rows;
    old_state text;
    new_state text;
    append_only constant text[] := ARRAY['revisions', 'approvals', 'publications', 'counting_overrides',
        'contract_amendments', 'amendment_lines', 'acceptances', 'acceptance_items', 'audit_log',
        'engagement_snapshots', 'citizen_comments'];
BEGIN
    -- INSERT … ON CONFLICT DO UPDATE runs this first for the proposed row:
    -- an existing row is checked by the UPDATE that follows, not here (the
    -- proposed row only gets its scope, which the policies read).
    IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM toasoan.rows r WHERE r.tbl = NEW.tbl AND r.id = NEW.id) THEN
        RETURN toasoan.scope(NEW);
    END IF;
    NEW.written_by := session_user;
    NEW.written_at := now();
    NEW.txid := pg_current_xact_id();
    -- A change of state names the state it was made from (compare-and-set):
    -- refused when the piece moved on meanwhile.
    IF NEW.data ? '_from_state' THEN
        IF TG_OP = 'UPDATE' AND (OLD.data->>'state') IS DISTINCT FROM (NEW.data->>'_from_state')
           AND (OLD.data->>'state') IS DISTINCT FROM (NEW.data->>'state') THEN
            RAISE EXCEPTION 'toasoan: bài đã chuyển sang «%» trên máy khác (thay đổi này làm từ «%») [moved-on]',
                OLD.data->>'state', NEW.data->>'_from_state' USING ERRCODE = '40001';
        END IF;
        NEW.data := NEW.data - '_from_state';
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.tbl <> OLD.tbl OR NEW.id <> OLD.id THEN
            RAISE EXCEPTION 'toasoan: một dòng không đổi bảng hay mã của nó' USING ERRCODE = '42501';
        END IF;
        IF NEW.data = OLD.data AND NEW.deleted = OLD.deleted THEN
            RETURN NULL; -- the same row again (a re-sent push): nothing to do
        END IF;
        IF NEW.tbl = ANY (append_only) THEN
            RAISE EXCEPTION 'toasoan: bảng % chỉ được ghi thêm, không được sửa', NEW.tbl USING ERRCODE = '42501';
        END IF;
    END IF;
    IF who IS NULL THEN
        -- The admin who created the hub imports a solo newsroom's history
        -- (`hub init --from-local`) as it is; nobody else is trusted.
        IF session_user::text = (SELECT value FROM toasoan.meta WHERE key = 'admin') THEN
            RETURN toasoan.scope(NEW);
        END IF;
        RAISE EXCEPTION 'toasoan: % không phải tài khoản của tòa soạn này', session_user USING ERRCODE = '42501';
    END IF;

    IF NEW.tbl IN ('people', 'agencies', 'contracts', 'contract_lines', 'contract_policies',
                   'contract_amendments', 'amendment_lines', 'acceptances', 'acceptance_items',
                   'counting_overrides') THEN
        -- Contracts, prices, people, overrides, acceptances: heads only.
        IF role <> 'head' THEN
            RAISE EXCEPTION 'toasoan: chỉ lãnh đạo tòa soạn được thay đổi % [head-only]', NEW.tbl USING ERRCODE = '42501';
        END IF;
        IF NEW.tbl = 'people' AND TG_OP = 'UPDATE' AND (NEW.data->>'role') IS DISTINCT FROM (OLD.data->>'role') THEN
            UPDATE toasoan.logins SET role = NEW.data->>'role' WHERE person_id = NEW.id;
        END IF;
    ELSIF NEW.tbl = 'policies' THEN
        IF NOT desk THEN
            RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được quản lý chính sách [editor-assigns]' USING ERRCODE = '42501';
        END IF;
    ELSIF NEW.tbl = 'media' THEN
        NULL; -- any member imports to the shared library
    ELSIF NEW.tbl = 'assignments' THEN
        IF TG_OP = 'INSERT' THEN
            IF NOT desk THEN
                RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được giao việc [editor-assigns]' USING ERRCODE = '42501';
            END IF;
            IF NEW.data->>'state' <> 'assigned' THEN
                RAISE EXCEPTION 'toasoan: việc mới giao phải ở trạng thái «assigned», không phải «%»', NEW.data->>'state'
                    USING ERRCODE = '42501';
            END IF;
        ELSE
            old_state := OLD.data->>'state';
            new_state := NEW.data->>'state';
            IF NOT desk THEN
                IF OLD.owner IS DISTINCT FROM who THEN
                    RAISE EXCEPTION 'toasoan: đây không phải việc được giao cho bạn [reporter-own-assignment]' USING ERRCODE = '42501';
                END IF;
                IF (NEW.data - 'state' - 'updated_at') <> (OLD.data - 'state' - 'updated_at') THEN
                    RAISE EXCEPTION 'toasoan: phóng viên chỉ đổi trạng thái bài của mình, không sửa việc được giao [editor-assigns]'
                        USING ERRCODE = '42501';
                END IF;
            END IF;
            IF old_state <> new_state AND NOT EXISTS (
                SELECT 1 FROM toasoan.transitions t
                WHERE t.from_state = old_state AND t.to_state = new_state AND role = ANY (t.roles)
            ) THEN
                RAISE EXCEPTION 'toasoan: vai trò % không được chuyển bài từ «%» sang «%» [workflow]', role, old_state, new_state
                    USING ERRCODE = '42501';
            END IF;
            -- A piece that changes hands leaves the old reporter's workbench
            -- with everything that belongs to it.
            IF OLD.owner IS DISTINCT FROM (NEW.data->>'reporter_id') AND OLD.owner IS NOT NULL THEN
                INSERT INTO toasoan.exits (person, tbl, id) VALUES (OLD.owner, 'assignments', NEW.id);
                UPDATE toasoan.rows SET owner = NEW.data->>'reporter_id', txid = pg_current_xact_id()
                WHERE piece = NEW.id AND tbl <> 'assignments';
            END IF;
        END IF;
    ELSE
        -- Everything else belongs to one piece, or (audit events) to its writer.
        NEW := toasoan.scope(NEW);
        IF NEW.piece IS NOT NULL THEN
            SELECT * INTO piece_row FROM toasoan.rows WHERE tbl = 'assignments' AND id = NEW.piece;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'toasoan: % % thuộc về một bài không có trên máy chủ chung', NEW.tbl, NEW.id USING ERRCODE = '23503';
            END IF;
            IF NOT desk AND piece_row.owner IS DISTINCT FROM who THEN
                RAISE EXCEPTION 'toasoan: đây không phải bài của bạn [reporter-own-assignment]' USING ERRCODE = '42501';
            END IF;
        ELSIF NEW.tbl <> 'audit_log' THEN
            RAISE EXCEPTION 'toasoan: % phải thuộc về một bài', NEW.tbl USING ERRCODE = '23503';
        END IF;
        IF NEW.tbl IN ('approvals', 'publications', 'engagement_snapshots', 'citizen_comments') AND NOT desk THEN
            RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi % [editor-reviews]', NEW.tbl USING ERRCODE = '42501';
        END IF;
        IF NEW.tbl = 'revisions' AND NOT desk
           AND piece_row.data->>'state' NOT IN ('assigned', 'drafting', 'changes-requested') THEN
            RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», phóng viên không còn được viết [workflow]', piece_row.data->>'state'
                USING ERRCODE = '42501';
        END IF;
        IF NEW.tbl = 'approvals' AND NOT EXISTS (
            SELECT 1 FROM toasoan.rows r
            WHERE r.tbl = 'revisions' AND r.id = NEW.data->>'revision_id'
              AND r.data->>'assignment_id' = NEW.piece AND r.data->>'content_hash' = NEW.data->>'content_hash'
        ) THEN
            RAISE EXCEPTION 'toasoan: lần duyệt phải chỉ đúng một bản của bài và đúng mã băm của bản đó [workflow]'
                USING ERRCODE = '42501';
        END IF;
        IF NEW.tbl = 'audit_log' THEN
            IF NEW.data->>'actor' IS DISTINCT FROM session_user::text THEN
                RAISE EXCEPTION 'toasoan: sự kiện nhật ký phải ghi đúng người thực hiện' USING ERRCODE = '42501';
            END IF;
            IF NEW.piece IS NULL THEN
                NEW.owner := CASE WHEN desk THEN NULL ELSE who END;
            END IF;
        END IF;
        IF NEW.tbl = 'comments' AND TG_OP = 'UPDATE' AND NOT desk
           AND OLD.data->>'author_id' IS DISTINCT FROM who THEN
            RAISE EXCEPTION 'toasoan: chỉ người viết góp ý được sửa góp ý đó [comment-author]' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    RETURN toasoan.scope(NEW);
END $$;
REVOKE ALL ON FUNCTION toasoan.check_row() FROM PUBLIC;

CREATE TRIGGER rows_check BEFORE INSERT OR UPDATE ON toasoan.rows
    FOR EACH ROW EXECUTE FUNCTION toasoan.check_row();

-- Rows are never deleted: a deletion is a tombstone (deleted = true), so
-- every workbench hears of it.
CREATE FUNCTION toasoan.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'toasoan: không xóa dòng trên máy chủ chung; hãy ghi dấu đã xóa' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER rows_no_delete BEFORE DELETE ON toasoan.rows
    FOR EACH ROW EXECUTE FUNCTION toasoan.refuse_delete();

-- The one way logins are made (a head's, after init): a checked function
-- owned by the admin who ran init, so no login needs CREATEROLE (which in
-- PostgreSQL 15 is nearly superuser). The password arrives as a SCRAM
-- verifier computed on the workbench, never in clear text.
CREATE FUNCTION toasoan.create_login(new_login text, verifier text, new_role text, person text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (SELECT l.role FROM toasoan.logins l WHERE l.login = session_user) IS DISTINCT FROM 'head'
       AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolcreaterole) THEN
        RAISE EXCEPTION 'toasoan: chỉ lãnh đạo tòa soạn được thêm người [head-only-people]' USING ERRCODE = '42501';
    END IF;
    IF new_login !~ '^[a-z][a-z0-9_]{1,30}$' THEN
        RAISE EXCEPTION 'toasoan: tên đăng nhập «%» chỉ gồm chữ thường không dấu, số và _ (2–31 ký tự)', new_login USING ERRCODE = '22023';
    END IF;
    IF new_role NOT IN ('reporter', 'editor', 'head') THEN
        RAISE EXCEPTION 'toasoan: vai trò «%» không có', new_role USING ERRCODE = '22023';
    END IF;
    IF verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'toasoan: mật khẩu phải được gửi dưới dạng SCRAM-SHA-256' USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = new_login) THEN
        RAISE EXCEPTION 'toasoan: tài khoản «%» đã có', new_login USING ERRCODE = '42710';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS '
                   'INHERIT PASSWORD %L IN ROLE toasoan_member', new_login, verifier);
    INSERT INTO toasoan.logins (login, person_id, role) VALUES (new_login, person, new_role);
END $$;
REVOKE ALL ON FUNCTION toasoan.create_login(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION toasoan.create_login(text, text, text, text) TO toasoan_member;

-- Hints to pull: a notification at commit (lost while disconnected: never
-- the data itself).
CREATE FUNCTION toasoan.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('toasoan_changes', '');
    RETURN NULL;
END $$;
CREATE TRIGGER rows_notify AFTER INSERT OR UPDATE ON toasoan.rows
    FOR EACH STATEMENT EXECUTE FUNCTION toasoan.notify_change();
