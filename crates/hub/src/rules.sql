-- The hub's rules, as they are now: `Hub::install` and every `Hub::upgrade`
-- apply this file whole, after the last structural step (upgrade/NNNN-*.sql
-- only move structure and data). One readable home for who may do what.
--
-- The trust boundary (ARCHITECTURE.md, «Team mode»):
--   * a member's login is an attacker's tool: it holds SELECT (narrowed by
--     row-level security) and EXECUTE on the functions below, nothing else —
--     no INSERT, UPDATE, DELETE, TRUNCATE, TEMPORARY, CREATE;
--   * every write goes through a SECURITY DEFINER function owned by the hub's
--     owner role (NOLOGIN, never a superuser); the actor is session_user,
--     never a value the client sends; written_by, written_at and txid are the
--     hub's; every value is checked as the workbench's own schema would
--     (toasoan.columns, generated from it) and every change as the desk's
--     rules would;
--   * only create_login and set_login_active, which make and lock logins,
--     run as the admin who created the hub (they need CREATEROLE).
-- Every function pins search_path (pg_temp last) and lock_timeout.

SET LOCAL client_min_messages = warning;

-- Who is signed in: the person and role of the session's login.
CREATE OR REPLACE FUNCTION toasoan.me() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT person_id FROM toasoan.logins WHERE login = session_user $$;
CREATE OR REPLACE FUNCTION toasoan.my_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT role FROM toasoan.logins WHERE login = session_user $$;

-- The tables that replicate (toasoan_hub::TABLES), and those whose rows are
-- never changed once written.
CREATE OR REPLACE FUNCTION toasoan.replicated_tables() RETURNS text[] LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT ARRAY['people', 'agencies', 'policies', 'agency_contacts', 'contracts', 'contract_lines',
    'contract_policies', 'contract_amendments', 'amendment_lines', 'assignments', 'revisions', 'approvals',
    'comments', 'publications', 'counting_overrides', 'acceptances', 'acceptance_items', 'media', 'media_uses',
    'policy_stages', 'assignment_responses', 'feedback', 'engagement_snapshots', 'citizen_comments', 'audit_log'] $$;
CREATE OR REPLACE FUNCTION toasoan.append_only_tables() RETURNS text[] LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT ARRAY['revisions', 'approvals', 'publications', 'counting_overrides', 'contract_amendments',
    'amendment_lines', 'acceptances', 'acceptance_items', 'audit_log', 'engagement_snapshots', 'citizen_comments',
    'assignment_responses', 'policy_stages'] $$;

-- The workflow's transitions (toasoan_core::workflow) as the hub checks them.
DELETE FROM toasoan.transitions;
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

-- Whose piece a row belongs to: an assignment is its own piece and its
-- reporter's; an audit event about an assignment belongs to that piece;
-- everything else with an assignment_id to that assignment. A reporter
-- reaches the line and the contract of each of their pieces, and the
-- acceptance of each of their accepted pieces; a reach row newly made
-- carries its own txid, so the next pull sends the row reached.
CREATE OR REPLACE FUNCTION toasoan.scope(r toasoan.rows) RETURNS toasoan.rows LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    r.piece := NULL;
    r.owner := NULL;
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
    ELSIF r.tbl IN ('people', 'agencies', 'policies', 'media', 'agency_contacts', 'policy_stages', 'contracts',
                    'contract_lines', 'contract_policies', 'contract_amendments', 'amendment_lines', 'acceptances') THEN
        NULL;
    ELSIF r.data ? 'assignment_id' THEN
        r.piece := r.data->>'assignment_id';
    END IF;
    IF r.tbl <> 'assignments' AND r.piece IS NOT NULL THEN
        r.owner := (SELECT a.owner FROM toasoan.rows a WHERE a.tbl = 'assignments' AND a.id = r.piece);
    END IF;
    IF r.tbl = 'acceptance_items' AND r.owner IS NOT NULL THEN
        INSERT INTO toasoan.reach (person, tbl, id) VALUES (r.owner, 'acceptances', r.data->>'acceptance_id')
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN r;
END $$;

-- A row's values as the workbench's schema has them (toasoan.columns,
-- generated from the store's schema: columns.sql): no unknown column, every
-- NOT NULL column there, each of its SQLite type, text bounded. A row the
-- hub accepted must apply on every workbench.
CREATE OR REPLACE FUNCTION toasoan.check_columns(p_tbl text, p_id text, d jsonb) RETURNS void LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
    v jsonb;
    bad text;
BEGIN
    SELECT k INTO bad FROM jsonb_object_keys(d) k
    WHERE NOT EXISTS (SELECT 1 FROM toasoan.columns x WHERE x.tbl = p_tbl AND x.col = k) LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'toasoan: % %: cột «%» không có trong bảng [invalid-value]', p_tbl, p_id, left(bad, 64)
            USING ERRCODE = '23514';
    END IF;
    FOR c IN SELECT x.col, x.type, x.required FROM toasoan.columns x WHERE x.tbl = p_tbl LOOP
        v := d -> c.col;
        IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
            IF c.required THEN
                RAISE EXCEPTION 'toasoan: % %: thiếu giá trị của «%» [invalid-value]', p_tbl, p_id, c.col USING ERRCODE = '23502';
            END IF;
            CONTINUE;
        END IF;
        IF (c.type = 'TEXT' AND jsonb_typeof(v) <> 'string')
           OR (c.type IN ('INTEGER', 'REAL') AND jsonb_typeof(v) <> 'number')
           OR (c.type = 'INTEGER' AND (v::text::numeric <> trunc(v::text::numeric)
                                       OR v::text::numeric NOT BETWEEN -9223372036854775808 AND 9223372036854775807))
           OR (c.type = 'TEXT' AND octet_length(v #>> '{}') > 2097152) THEN
            RAISE EXCEPTION 'toasoan: % %: giá trị của «%» không đúng kiểu % [invalid-value]', p_tbl, p_id, c.col, c.type
                USING ERRCODE = '23514';
        END IF;
    END LOOP;
END $$;

-- The CHECK constraints of the workbench's schema and the bounds of the
-- domain (money, figures, hashes, file names), on the hub too.
CREATE OR REPLACE FUNCTION toasoan.check_values(p_tbl text, p_id text, d jsonb) RETURNS void LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stages constant text[] := ARRAY['lay-y-kien', 'thong-qua', 'ban-hanh', 'thuc-thi'];
    money constant numeric := 1000000000000000;
    bad text;
BEGIN
    IF p_tbl = 'people' THEN
        IF d->>'role' NOT IN ('reporter', 'editor', 'head') THEN bad := 'role'; END IF;
    ELSIF p_tbl = 'policies' THEN
        IF NOT (d->>'stage' = ANY (stages)) THEN bad := 'stage'; END IF;
    ELSIF p_tbl = 'contracts' THEN
        IF (d->>'total_value')::numeric NOT BETWEEN 0 AND money THEN bad := 'total_value'; END IF;
        IF d->>'end_on' < d->>'start_on' THEN bad := 'end_on'; END IF;
    ELSIF p_tbl = 'contract_lines' THEN
        IF (d->>'quantity')::numeric NOT BETWEEN 1 AND 1000000 THEN bad := 'quantity'; END IF;
        IF (d->>'unit_price')::numeric NOT BETWEEN 0 AND money THEN bad := 'unit_price'; END IF;
    ELSIF p_tbl = 'assignments' THEN
        IF d->>'state' NOT IN (SELECT from_state FROM toasoan.transitions UNION SELECT to_state FROM toasoan.transitions) THEN
            bad := 'state';
        END IF;
        IF d->>'priority' IS NOT NULL AND d->>'priority' NOT IN ('thuong', 'gap') THEN bad := 'priority'; END IF;
        IF d->>'stage' IS NOT NULL AND NOT (d->>'stage' = ANY (stages)) THEN bad := 'stage'; END IF;
    ELSIF p_tbl = 'media' THEN
        IF d->>'sha256' !~ '^[0-9a-f]{64}$' THEN bad := 'sha256'; END IF;
        IF d->>'ext' !~ '^[a-z0-9]{1,8}$' THEN bad := 'ext'; END IF;
        IF d->>'web_ext' IS NOT NULL AND d->>'web_ext' NOT IN ('jpg', 'png') THEN bad := 'web_ext'; END IF;
        IF d->>'thumb_ext' IS NOT NULL AND d->>'thumb_ext' NOT IN ('jpg', 'png') THEN bad := 'thumb_ext'; END IF;
        IF d->>'kind' NOT IN ('image', 'attachment') THEN bad := 'kind'; END IF;
        IF (d->>'bytes')::numeric NOT BETWEEN 1 AND 104857600 THEN bad := 'bytes'; END IF;
        IF d->>'kind' = 'image' AND (d->>'web_ext' IS NULL OR d->>'thumb_ext' IS NULL
                                    OR coalesce((d->>'width')::numeric, 0) <= 0 OR coalesce((d->>'height')::numeric, 0) <= 0) THEN
            bad := 'kind';
        END IF;
    ELSIF p_tbl = 'engagement_snapshots' THEN
        IF (d->>'value')::numeric NOT BETWEEN 0 AND 1000000000000 THEN bad := 'value'; END IF;
        IF d->>'source' NOT IN ('wordpress', 'page', 'matomo', 'facebook', 'youtube', 'zalo', 'manual') THEN bad := 'source'; END IF;
        IF d->>'metric' NOT IN ('views', 'visits', 'comments', 'shares', 'reactions') THEN bad := 'metric'; END IF;
    ELSIF p_tbl = 'acceptance_items' THEN
        IF (d->>'position')::numeric <= 0 THEN bad := 'position'; END IF;
        IF d->>'sent_sha256' IS NOT NULL AND d->>'sent_sha256' !~ '^[0-9a-f]{64}$' THEN bad := 'sent_sha256'; END IF;
    ELSIF p_tbl = 'agency_contacts' THEN
        IF coalesce(btrim(d->>'name'), '') = '' THEN bad := 'name'; END IF;
        IF coalesce(btrim(d->>'position'), '') = '' THEN bad := 'position'; END IF;
        IF coalesce(d->>'role', '') NOT IN ('dau-moi', 'phat-ngon', 'lanh-dao') THEN bad := 'role'; END IF;
    ELSIF p_tbl = 'policy_stages' THEN
        IF NOT (coalesce(d->>'stage', '') = ANY (stages)) THEN bad := 'stage'; END IF;
        IF coalesce(d->>'on_date', '') !~ '^\d{4}-\d{2}-\d{2}$' THEN bad := 'on_date'; END IF;
    ELSIF p_tbl = 'feedback' THEN
        IF coalesce(d->>'channel', '') NOT IN ('duong-day-nong', 'hoi-nghi', 'zalo', 'facebook', 'cong-thong-tin') THEN
            bad := 'channel';
        END IF;
        IF coalesce(d->>'state', '') NOT IN ('moi', 'da-chuyen', 'da-tra-loi') THEN bad := 'state'; END IF;
        IF d->>'state' = 'da-tra-loi' AND coalesce(btrim(d->>'answer'), '') = '' THEN bad := 'answer'; END IF;
        IF coalesce(btrim(d->>'text'), '') = '' THEN bad := 'text'; END IF;
        IF coalesce(d->>'received_on', '') !~ '^\d{4}-\d{2}-\d{2}$' THEN bad := 'received_on'; END IF;
    ELSIF p_tbl = 'assignment_responses' THEN
        IF coalesce(d->>'response', '') NOT IN ('accept', 'decline') THEN bad := 'response'; END IF;
    END IF;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'toasoan: % %: giá trị «%» của % không hợp lệ [invalid-value]', p_tbl, p_id, left(coalesce(d->>bad, 'NULL'), 80), bad
            USING ERRCODE = '23514';
    END IF;
END $$;

-- The id a row must have: its key columns (composite keys joined with `|`).
CREATE OR REPLACE FUNCTION toasoan.row_key(p_tbl text, d jsonb) RETURNS text LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE p_tbl
        WHEN 'contract_policies' THEN (d->>'contract_id') || '|' || (d->>'policy_id')
        WHEN 'amendment_lines' THEN (d->>'amendment_id') || '|' || (d->>'line_id')
        WHEN 'acceptance_items' THEN (d->>'acceptance_id') || '|' || (d->>'position')
        WHEN 'media_uses' THEN (d->>'media_id') || '|' || (d->>'assignment_id')
        ELSE d->>'id'
    END
$$;

-- A person's login is locked (NOLOGIN) while they are deactivated, and
-- opened again when they come back. Runs as the admin who made the logins;
-- only the owner role's functions may call it. Never the admin's own login,
-- nor a superuser.
CREATE OR REPLACE FUNCTION toasoan.set_login_active(p_person text, p_active boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    l name;
BEGIN
    FOR l IN
        SELECT g.login FROM toasoan.logins g JOIN pg_roles r ON r.rolname = g.login
        WHERE g.person_id = p_person AND NOT r.rolsuper
          AND g.login::text IS DISTINCT FROM (SELECT value FROM toasoan.meta WHERE key = 'admin')
    LOOP
        EXECUTE format('ALTER ROLE %I %s', l, CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    END LOOP;
END $$;

-- One row written by the signed-in member: every rule of the desk that the
-- hub can see, then the write itself, stamped by the hub. `p_data` NULL
-- deletes (a tombstone). Returns whether anything changed (false for a row
-- sent again). Called by toasoan.push only.
CREATE OR REPLACE FUNCTION toasoan.write_row(p_tbl text, p_id text, p_data jsonb) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
    who text;
    role text;
    desk boolean;
    o toasoan.rows;
    n toasoan.rows;
    had boolean;
    piece_row toasoan.rows;
    from_state text;
    from_fields jsonb;
    field text;
    old_state text;
    new_state text;
    d jsonb := p_data;
    actor_col text;
BEGIN
    SELECT l.person_id, l.role INTO who, role FROM toasoan.logins l WHERE l.login = session_user;
    IF who IS NULL THEN
        RAISE EXCEPTION 'toasoan: % không phải tài khoản của tòa soạn này [not-member]', session_user USING ERRCODE = '42501';
    END IF;
    desk := role IN ('editor', 'head');
    -- A person a head deactivated writes no more, even over a session opened
    -- before (NOLOGIN only stops new sign-ins).
    IF EXISTS (SELECT 1 FROM toasoan.rows p WHERE p.tbl = 'people' AND p.id = who
               AND p.data->>'deactivated_at' IS NOT NULL AND NOT p.deleted) THEN
        RAISE EXCEPTION 'toasoan: tài khoản này đã ngừng hoạt động [person-inactive]' USING ERRCODE = '42501';
    END IF;
    IF p_tbl IS NULL OR NOT (p_tbl = ANY (toasoan.replicated_tables())) THEN
        RAISE EXCEPTION 'toasoan: bảng «%» không đồng bộ [invalid-value]', left(coalesce(p_tbl, 'NULL'), 64) USING ERRCODE = '22023';
    END IF;
    IF p_id IS NULL OR p_id !~ '^[0-9A-Za-z_.:|-]{1,200}$' THEN
        RAISE EXCEPTION 'toasoan: mã dòng «%» không hợp lệ [invalid-value]', left(coalesce(p_id, 'NULL'), 64) USING ERRCODE = '22023';
    END IF;

    -- Who may write the table at all, before anything of the row is read.
    IF p_tbl IN ('people', 'agencies', 'contracts', 'contract_lines', 'contract_policies', 'contract_amendments',
                 'amendment_lines', 'acceptances', 'acceptance_items', 'counting_overrides') AND role <> 'head' THEN
        RAISE EXCEPTION 'toasoan: chỉ lãnh đạo tòa soạn được thay đổi % [head-only]', p_tbl USING ERRCODE = '42501';
    END IF;
    IF p_tbl IN ('policies', 'agency_contacts', 'policy_stages', 'feedback') AND NOT desk THEN
        RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi % [editor-assigns]', p_tbl USING ERRCODE = '42501';
    END IF;
    IF p_tbl IN ('approvals', 'publications', 'engagement_snapshots', 'citizen_comments') AND NOT desk THEN
        RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi % [editor-reviews]', p_tbl USING ERRCODE = '42501';
    END IF;

    SELECT * INTO o FROM toasoan.rows WHERE tbl = p_tbl AND id = p_id FOR UPDATE;
    had := FOUND;

    IF d IS NULL THEN
        -- Tombstones only where the app deletes: a contract's policies.
        IF NOT had OR o.deleted THEN
            RETURN false;
        END IF;
        IF p_tbl <> 'contract_policies' THEN
            RAISE EXCEPTION 'toasoan: không xóa % trên máy chủ chung [no-delete]', p_tbl USING ERRCODE = '42501';
        END IF;
        IF role <> 'head' THEN
            RAISE EXCEPTION 'toasoan: chỉ lãnh đạo tòa soạn được thay đổi % [head-only]', p_tbl USING ERRCODE = '42501';
        END IF;
        UPDATE toasoan.rows SET deleted = true, txid = pg_current_xact_id(), written_by = session_user, written_at = now()
        WHERE tbl = p_tbl AND id = p_id;
        RETURN true;
    END IF;

    IF jsonb_typeof(d) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'toasoan: % %: dữ liệu không phải một dòng [invalid-value]', p_tbl, p_id USING ERRCODE = '22023';
    END IF;
    IF pg_column_size(d) > 4194304 THEN
        RAISE EXCEPTION 'toasoan: % %: dòng lớn quá 4 MiB [too-large]', p_tbl, p_id USING ERRCODE = '54000';
    END IF;
    -- A change of a piece names what each field it changed held before
    -- (`_from`; version 3's workbenches sent `_from_state` alone).
    IF p_tbl = 'assignments' AND d ? '_from_state' THEN
        from_state := d->>'_from_state';
        d := d - '_from_state';
    END IF;
    IF p_tbl = 'assignments' AND d ? '_from' THEN
        from_fields := d->'_from';
        d := d - '_from';
        IF jsonb_typeof(from_fields) IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'toasoan: % %: «_from» không hợp lệ [invalid-value]', p_tbl, p_id USING ERRCODE = '22023';
        END IF;
    END IF;
    PERFORM toasoan.check_columns(p_tbl, p_id, d);
    PERFORM toasoan.check_values(p_tbl, p_id, d);
    IF toasoan.row_key(p_tbl, d) IS DISTINCT FROM p_id THEN
        RAISE EXCEPTION 'toasoan: % %: mã dòng không khớp khóa của dòng [invalid-value]', p_tbl, p_id USING ERRCODE = '22023';
    END IF;

    IF had THEN
        IF o.data = d AND NOT o.deleted THEN
            RETURN false; -- the same row again (a re-sent push): nothing to do
        END IF;
        IF p_tbl = ANY (toasoan.append_only_tables()) THEN
            RAISE EXCEPTION 'toasoan: bảng % chỉ được ghi thêm, không được sửa [append-only]', p_tbl USING ERRCODE = '42501';
        END IF;
        IF from_state IS NOT NULL AND (o.data->>'state') IS DISTINCT FROM from_state
           AND (o.data->>'state') IS DISTINCT FROM (d->>'state') THEN
            RAISE EXCEPTION 'toasoan: bài đã chuyển sang «%» trên máy khác (thay đổi này làm từ «%») [moved-on]',
                o.data->>'state', from_state USING ERRCODE = '40001';
        END IF;
        IF from_fields IS NOT NULL THEN
            -- Compare-and-set per field: each field this change made must
            -- still hold what the change saw (or already what it wants);
            -- the fields it did not touch keep the hub's values.
            FOR field IN SELECT k FROM jsonb_object_keys(from_fields) k WHERE k <> 'updated_at' LOOP
                IF coalesce(o.data->field, 'null') IS DISTINCT FROM coalesce(from_fields->field, 'null')
                   AND coalesce(o.data->field, 'null') IS DISTINCT FROM coalesce(d->field, 'null') THEN
                    IF field = 'state' THEN
                        RAISE EXCEPTION 'toasoan: bài đã chuyển sang «%» trên máy khác (thay đổi này làm từ «%») [moved-on]',
                            o.data->>'state', from_fields->>'state' USING ERRCODE = '40001';
                    END IF;
                    RAISE EXCEPTION 'toasoan: «%» của việc này đã được người khác sửa trên máy khác; thay đổi của bạn được giữ lại để xem lại [stale-edit]',
                        field USING ERRCODE = '40001';
                END IF;
            END LOOP;
            d := o.data || coalesce((SELECT jsonb_object_agg(k, d->k) FROM jsonb_object_keys(from_fields) k WHERE d ? k), '{}');
        END IF;
    END IF;

    n.tbl := p_tbl;
    n.id := p_id;
    n.data := d;
    n.deleted := false;
    n := toasoan.scope(n);

    -- Who wrote it is who is signed in: the columns naming the writer of a
    -- new row name this login's person (audit events its login).
    actor_col := CASE p_tbl
        WHEN 'revisions' THEN 'author_id' WHEN 'comments' THEN 'author_id' WHEN 'approvals' THEN 'approved_by'
        WHEN 'publications' THEN 'recorded_by' WHEN 'media' THEN 'imported_by' WHEN 'media_uses' THEN 'added_by'
        WHEN 'counting_overrides' THEN 'decided_by' WHEN 'contract_amendments' THEN 'created_by'
        WHEN 'acceptances' THEN 'created_by' WHEN 'policy_stages' THEN 'recorded_by' WHEN 'feedback' THEN 'recorded_by'
        WHEN 'assignment_responses' THEN 'person_id' END;
    IF NOT had AND actor_col IS NOT NULL AND (d->>actor_col) IS DISTINCT FROM who THEN
        RAISE EXCEPTION 'toasoan: % %: «%» phải là người đang đăng nhập [forged-author]', p_tbl, p_id, actor_col
            USING ERRCODE = '42501';
    END IF;
    IF had AND actor_col IS NOT NULL AND (d->>actor_col) IS DISTINCT FROM (o.data->>actor_col) THEN
        RAISE EXCEPTION 'toasoan: % %: không đổi người viết «%» [forged-author]', p_tbl, p_id, actor_col
            USING ERRCODE = '42501';
    END IF;
    IF p_tbl = 'audit_log' AND (d->>'actor') IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'toasoan: sự kiện nhật ký phải ghi đúng người thực hiện [forged-author]' USING ERRCODE = '42501';
    END IF;

    IF p_tbl IN ('people', 'agencies', 'contracts', 'contract_lines', 'contract_policies', 'contract_amendments',
                 'amendment_lines', 'acceptances', 'acceptance_items', 'counting_overrides') THEN
        -- Contracts, prices, people, overrides, acceptances: heads only.
        IF role <> 'head' THEN
            RAISE EXCEPTION 'toasoan: chỉ lãnh đạo tòa soạn được thay đổi % [head-only]', p_tbl USING ERRCODE = '42501';
        END IF;
        IF p_tbl = 'people' AND had THEN
            IF (d->>'login') IS DISTINCT FROM (o.data->>'login') THEN
                RAISE EXCEPTION 'toasoan: không đổi tên đăng nhập của một người [invalid-value]' USING ERRCODE = '42501';
            END IF;
            IF p_id = who AND ((d->>'role') IS DISTINCT FROM (o.data->>'role') OR d->>'deactivated_at' IS NOT NULL) THEN
                RAISE EXCEPTION 'toasoan: không tự đổi vai trò hay tự ngừng hoạt động [last-head]' USING ERRCODE = '42501';
            END IF;
        END IF;
        IF p_tbl IN ('counting_overrides', 'acceptance_items') THEN
            IF n.piece IS NULL OR NOT EXISTS (SELECT 1 FROM toasoan.rows a WHERE a.tbl = 'assignments' AND a.id = n.piece) THEN
                RAISE EXCEPTION 'toasoan: % % thuộc về một bài không có trên máy chủ chung', p_tbl, p_id USING ERRCODE = '23503';
            END IF;
        END IF;
        IF p_tbl = 'acceptance_items' AND NOT EXISTS (
            SELECT 1 FROM toasoan.rows a WHERE a.tbl = 'assignments' AND a.id = n.piece
              AND a.data->>'state' IN ('published', 'accepted') AND a.data->>'line_id' = d->>'line_id') THEN
            RAISE EXCEPTION 'toasoan: chỉ bài đã đăng, đúng hạng mục của nó, vào được bảng kê nghiệm thu [acceptance-round]'
                USING ERRCODE = '42501';
        END IF;
    ELSIF p_tbl IN ('policies', 'agency_contacts', 'policy_stages') THEN
        IF NOT desk THEN
            RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi % [editor-assigns]', p_tbl USING ERRCODE = '42501';
        END IF;
    ELSIF p_tbl = 'media' THEN
        -- Any member imports to the shared library; only the person who
        -- imported an item, or the desk, changes its caption and credit, and
        -- nobody its content address.
        IF had THEN
            IF NOT desk AND (o.data->>'imported_by') IS DISTINCT FROM who THEN
                RAISE EXCEPTION 'toasoan: chỉ người nhập ảnh hoặc biên tập viên được sửa chú thích, tác giả ảnh [media-owner]'
                    USING ERRCODE = '42501';
            END IF;
            IF (d - 'caption' - 'credit' - 'alt' - 'updated_at') <> (o.data - 'caption' - 'credit' - 'alt' - 'updated_at') THEN
                RAISE EXCEPTION 'toasoan: tệp của một mục thư viện không đổi được (mã băm, loại, kích thước) [media-owner]'
                    USING ERRCODE = '42501';
            END IF;
        ELSIF EXISTS (SELECT 1 FROM toasoan.rows m WHERE m.tbl = 'media' AND m.data->>'sha256' = d->>'sha256') THEN
            RAISE EXCEPTION 'toasoan: tệp này đã có trong thư viện chung [media-owner]' USING ERRCODE = '23505';
        END IF;
    ELSIF p_tbl = 'assignments' THEN
        IF EXISTS (SELECT 1 FROM toasoan.rows p WHERE p.tbl = 'people' AND p.data->>'deactivated_at' IS NOT NULL
                   AND ((p.id = d->>'reporter_id' AND (NOT had OR p.id IS DISTINCT FROM o.data->>'reporter_id'))
                     OR (p.id = d->>'editor_id' AND (NOT had OR p.id IS DISTINCT FROM o.data->>'editor_id')))) THEN
            RAISE EXCEPTION 'toasoan: người được giao đã ngừng hoạt động, không giao việc được [person-inactive]'
                USING ERRCODE = '42501';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM toasoan.rows p WHERE p.tbl = 'people' AND p.id = d->>'reporter_id' AND NOT p.deleted) THEN
            RAISE EXCEPTION 'toasoan: phóng viên «%» không có trên máy chủ chung', d->>'reporter_id' USING ERRCODE = '23503';
        END IF;
        IF NOT had THEN
            IF NOT desk THEN
                RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được giao việc [editor-assigns]' USING ERRCODE = '42501';
            END IF;
            IF d->>'state' IS DISTINCT FROM 'assigned' THEN
                RAISE EXCEPTION 'toasoan: việc mới giao phải ở trạng thái «assigned», không phải «%» [workflow]', d->>'state'
                    USING ERRCODE = '42501';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM toasoan.rows l WHERE l.tbl = 'contract_lines' AND l.id = d->>'line_id' AND NOT l.deleted) THEN
                RAISE EXCEPTION 'toasoan: hạng mục hợp đồng «%» không có trên máy chủ chung', d->>'line_id' USING ERRCODE = '23503';
            END IF;
        ELSE
            old_state := o.data->>'state';
            new_state := d->>'state';
            IF NOT desk THEN
                IF o.owner IS DISTINCT FROM who THEN
                    RAISE EXCEPTION 'toasoan: đây không phải việc được giao cho bạn [reporter-own-assignment]' USING ERRCODE = '42501';
                END IF;
                -- Nulls stripped: a row written by an older workbench lacks the
                -- columns a newer one sends as null (priority, stage, …).
                IF jsonb_strip_nulls(d - 'state' - 'updated_at') <> jsonb_strip_nulls(o.data - 'state' - 'updated_at') THEN
                    RAISE EXCEPTION 'toasoan: phóng viên chỉ đổi trạng thái bài của mình, không sửa việc được giao [editor-assigns]'
                        USING ERRCODE = '42501';
                END IF;
            END IF;
            -- A piece stays on its contract line: the price it is paid at.
            IF (d->>'line_id') IS DISTINCT FROM (o.data->>'line_id') THEN
                RAISE EXCEPTION 'toasoan: bài không chuyển sang hạng mục hợp đồng khác được [line-fixed]' USING ERRCODE = '42501';
            END IF;
            IF old_state IN ('accepted', 'cancelled') THEN
                RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», không sửa được việc được giao [workflow]', old_state
                    USING ERRCODE = '42501';
            END IF;
            IF old_state IS DISTINCT FROM new_state AND NOT EXISTS (
                SELECT 1 FROM toasoan.transitions t
                WHERE t.from_state = old_state AND t.to_state = new_state AND role = ANY (t.roles)
            ) THEN
                RAISE EXCEPTION 'toasoan: vai trò % không được chuyển bài từ «%» sang «%» [workflow]', role, old_state, new_state
                    USING ERRCODE = '42501';
            END IF;
            IF new_state = 'accepted' AND old_state IS DISTINCT FROM 'accepted' AND NOT EXISTS (
                SELECT 1 FROM toasoan.rows i
                WHERE i.tbl = 'acceptance_items' AND i.data->>'assignment_id' = p_id AND NOT i.deleted) THEN
                RAISE EXCEPTION 'toasoan: bài chỉ được nghiệm thu trong một đợt nghiệm thu của hợp đồng, để có dòng trong bảng kê [acceptance-round]'
                    USING ERRCODE = '42501';
            END IF;
            IF (d->>'reporter_id') IS DISTINCT FROM (o.data->>'reporter_id')
               AND old_state NOT IN ('assigned', 'drafting', 'changes-requested') THEN
                RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», không giao cho phóng viên khác được [workflow]', old_state
                    USING ERRCODE = '42501';
            END IF;
            -- A piece that changes hands leaves the old reporter's workbench
            -- with everything that belongs to it, and reaches the new one.
            IF o.owner IS DISTINCT FROM n.owner AND o.owner IS NOT NULL THEN
                INSERT INTO toasoan.exits (person, tbl, id) VALUES (o.owner, 'assignments', p_id);
                UPDATE toasoan.rows SET owner = n.owner, txid = pg_current_xact_id()
                WHERE piece = p_id AND tbl <> 'assignments';
            END IF;
        END IF;
    ELSIF p_tbl = 'feedback' THEN
        -- Citizens' feedback: the desk's; it belongs to the piece it names
        -- (whose reporter then reads it), else to the desk alone.
        IF NOT desk THEN
            RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi ý kiến phản hồi của người dân [editor-assigns]'
                USING ERRCODE = '42501';
        END IF;
        IF n.piece IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM toasoan.rows a WHERE a.tbl = 'assignments' AND a.id = n.piece) THEN
            RAISE EXCEPTION 'toasoan: % % thuộc về một bài không có trên máy chủ chung', p_tbl, p_id USING ERRCODE = '23503';
        END IF;
        IF had AND o.owner IS NOT NULL AND o.owner IS DISTINCT FROM n.owner THEN
            INSERT INTO toasoan.exits (person, tbl, id) VALUES (o.owner, p_tbl, p_id);
        END IF;
    ELSE
        -- Everything else belongs to one piece, or (audit events) to its writer.
        IF n.piece IS NOT NULL THEN
            SELECT * INTO piece_row FROM toasoan.rows WHERE tbl = 'assignments' AND id = n.piece;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'toasoan: % % thuộc về một bài không có trên máy chủ chung', p_tbl, p_id USING ERRCODE = '23503';
            END IF;
            IF NOT desk AND piece_row.owner IS DISTINCT FROM who THEN
                RAISE EXCEPTION 'toasoan: đây không phải bài của bạn [reporter-own-assignment]' USING ERRCODE = '42501';
            END IF;
        ELSIF p_tbl <> 'audit_log' THEN
            RAISE EXCEPTION 'toasoan: % phải thuộc về một bài', p_tbl USING ERRCODE = '23503';
        END IF;
        IF p_tbl IN ('approvals', 'publications', 'engagement_snapshots', 'citizen_comments') AND NOT desk THEN
            RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi % [editor-reviews]', p_tbl USING ERRCODE = '42501';
        END IF;
        IF p_tbl = 'revisions' AND NOT desk
           AND coalesce(piece_row.data->>'state', '') NOT IN ('assigned', 'drafting', 'changes-requested') THEN
            RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», phóng viên không còn được viết [workflow]', piece_row.data->>'state'
                USING ERRCODE = '42501';
        END IF;
        IF p_tbl = 'approvals' AND NOT EXISTS (
            SELECT 1 FROM toasoan.rows r
            WHERE r.tbl = 'revisions' AND r.id = d->>'revision_id'
              AND r.data->>'assignment_id' = n.piece AND r.data->>'content_hash' = d->>'content_hash'
        ) THEN
            RAISE EXCEPTION 'toasoan: lần duyệt phải chỉ đúng một bản của bài và đúng mã băm của bản đó [workflow]'
                USING ERRCODE = '42501';
        END IF;
        IF p_tbl = 'media_uses' AND NOT EXISTS (
            SELECT 1 FROM toasoan.rows m WHERE m.tbl = 'media' AND m.id = d->>'media_id' AND NOT m.deleted) THEN
            RAISE EXCEPTION 'toasoan: ảnh «%» không có trong thư viện chung', d->>'media_id' USING ERRCODE = '23503';
        END IF;
        -- A reporter answers the piece given to them, in their own name,
        -- before the piece is submitted; the desk does not answer for them.
        IF p_tbl = 'assignment_responses' THEN
            IF piece_row.owner IS DISTINCT FROM who THEN
                RAISE EXCEPTION 'toasoan: chỉ phóng viên được giao bài mới nhận hay từ chối việc đó, và bằng chính tên mình [reporter-own-assignment]'
                    USING ERRCODE = '42501';
            END IF;
            IF coalesce(piece_row.data->>'state', '') NOT IN ('assigned', 'drafting') THEN
                RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», không còn nhận hay từ chối việc được [workflow]', piece_row.data->>'state'
                    USING ERRCODE = '42501';
            END IF;
            IF d->>'response' = 'decline' AND coalesce(btrim(d->>'reason'), '') = '' THEN
                RAISE EXCEPTION 'toasoan: từ chối việc được giao phải nêu lý do [decline-reason]' USING ERRCODE = '42501';
            END IF;
        END IF;
        IF p_tbl = 'audit_log' AND n.piece IS NULL THEN
            n.owner := CASE WHEN desk THEN NULL ELSE who END;
        END IF;
        IF p_tbl = 'comments' AND had AND NOT desk AND o.data->>'author_id' IS DISTINCT FROM who THEN
            RAISE EXCEPTION 'toasoan: chỉ người viết góp ý được sửa góp ý đó [comment-author]' USING ERRCODE = '42501';
        END IF;
    END IF;

    IF had THEN
        UPDATE toasoan.rows SET data = n.data, deleted = false, piece = n.piece, owner = n.owner,
               txid = pg_current_xact_id(), written_by = session_user, written_at = now()
        WHERE tbl = p_tbl AND id = p_id;
    ELSE
        INSERT INTO toasoan.rows (tbl, id, data, deleted, piece, owner, txid, written_by, written_at)
        VALUES (p_tbl, p_id, n.data, false, n.piece, n.owner, pg_current_xact_id(), session_user, now());
    END IF;

    IF p_tbl = 'people' THEN
        IF had AND (d->>'role') IS DISTINCT FROM (o.data->>'role') THEN
            UPDATE toasoan.logins SET role = d->>'role' WHERE person_id = p_id;
        END IF;
        IF (NOT had OR o.data->>'deactivated_at' IS NULL) <> (d->>'deactivated_at' IS NULL) THEN
            PERFORM toasoan.set_login_active(p_id, d->>'deactivated_at' IS NULL);
        END IF;
        -- The newsroom keeps an active head.
        IF NOT EXISTS (SELECT 1 FROM toasoan.rows p WHERE p.tbl = 'people' AND NOT p.deleted
                       AND p.data->>'role' = 'head' AND p.data->>'deactivated_at' IS NULL) THEN
            RAISE EXCEPTION 'toasoan: tòa soạn phải còn ít nhất một lãnh đạo đang hoạt động [last-head]' USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN true;
END $$;

-- A push: the operations of one workbench after its cursor, in order, each
-- applied or refused with its reason (a refused one changes nothing), the
-- cursor moved on, all in the caller's one transaction (its commit is the
-- acknowledgement). An operation under a number already settled is a
-- re-send (skipped) only when it is the same operation; another one means
-- this workbench's id is used by a copy of it: refused whole, [workbench-copied].
-- ops: [{"seq": n, "tbl": t, "id": i, "data": {…} | null}, …], at most
-- 10,000 and 64 MiB. Returns {"up_to", "applied", "refused": [{seq, tbl, id, reason}]}.
CREATE OR REPLACE FUNCTION toasoan.push(p_workbench text, p_ops jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
    w toasoan.workbenches;
    op jsonb;
    op_seq bigint;
    op_digest text;
    prior text;
    reason text;
    applied integer := 0;
    refused jsonb := '[]';
    up_to bigint;
    changed boolean := false;
BEGIN
    IF toasoan.me() IS NULL THEN
        RAISE EXCEPTION 'toasoan: % không phải tài khoản của tòa soạn này [not-member]', session_user USING ERRCODE = '42501';
    END IF;
    IF p_workbench IS NULL OR p_workbench !~ '^[0-9A-Za-z-]{1,64}$' THEN
        RAISE EXCEPTION 'toasoan: mã máy trạm không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
    IF jsonb_typeof(p_ops) IS DISTINCT FROM 'array' OR jsonb_array_length(p_ops) > 10000 OR pg_column_size(p_ops) > 67108864 THEN
        RAISE EXCEPTION 'toasoan: một lần gửi tối đa 10.000 thay đổi và 64 MiB [too-large]' USING ERRCODE = '54000';
    END IF;
    INSERT INTO toasoan.workbenches (id, login) VALUES (p_workbench, session_user) ON CONFLICT (id) DO NOTHING;
    SELECT * INTO w FROM toasoan.workbenches WHERE id = p_workbench FOR UPDATE;
    IF w.login IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION 'toasoan: máy trạm này là của tài khoản khác [workbench-copied]' USING ERRCODE = '55000';
    END IF;
    up_to := w.last_seq;
    FOR op IN SELECT value FROM jsonb_array_elements(p_ops) LOOP
        IF jsonb_typeof(op) IS DISTINCT FROM 'object' OR jsonb_typeof(op->'seq') IS DISTINCT FROM 'number'
           OR (op->>'seq')::numeric <> trunc((op->>'seq')::numeric) OR (op->>'seq')::numeric NOT BETWEEN 1 AND 9007199254740991 THEN
            RAISE EXCEPTION 'toasoan: thay đổi không có số thứ tự hợp lệ [invalid-value]' USING ERRCODE = '22023';
        END IF;
        op_seq := (op->>'seq')::bigint;
        op_digest := encode(sha256(convert_to(jsonb_build_array(op->'tbl', op->'id', op->'data')::text, 'UTF8')), 'hex');
        IF op_seq <= w.last_seq THEN
            IF op_seq > w.digests_from THEN
                SELECT p.digest INTO prior FROM toasoan.pushed p WHERE p.workbench = p_workbench AND p.seq = op_seq;
                IF prior IS DISTINCT FROM op_digest THEN
                    RAISE EXCEPTION 'toasoan: số thứ tự % của máy trạm này đã dùng cho một thay đổi khác: đây là bản sao hay bản khôi phục của một máy trạm [workbench-copied]', op_seq
                        USING ERRCODE = '55000';
                END IF;
            END IF;
            CONTINUE;
        END IF;
        IF op_seq <= up_to THEN
            RAISE EXCEPTION 'toasoan: các thay đổi phải theo thứ tự tăng dần [invalid-value]' USING ERRCODE = '22023';
        END IF;
        BEGIN
            IF toasoan.write_row(op->>'tbl', op->>'id', CASE WHEN jsonb_typeof(op->'data') = 'object' THEN op->'data'
                                                              WHEN op->'data' IS NULL OR jsonb_typeof(op->'data') = 'null' THEN NULL
                                                              ELSE op->'data' END) THEN
                changed := true;
            END IF;
            applied := applied + 1;
        EXCEPTION WHEN raise_exception OR insufficient_privilege OR data_exception OR integrity_constraint_violation
                       OR serialization_failure OR program_limit_exceeded THEN
            GET STACKED DIAGNOSTICS reason = MESSAGE_TEXT;
            refused := refused || jsonb_build_array(jsonb_build_object(
                'seq', op_seq, 'tbl', left(coalesce(op->>'tbl', ''), 64), 'id', left(coalesce(op->>'id', ''), 200),
                'reason', left(reason, 2000)));
        END;
        INSERT INTO toasoan.pushed (workbench, seq, digest) VALUES (p_workbench, op_seq, op_digest)
        ON CONFLICT (workbench, seq) DO UPDATE SET digest = EXCLUDED.digest;
        up_to := op_seq;
    END LOOP;
    UPDATE toasoan.workbenches SET last_seq = up_to, seen_at = now() WHERE id = p_workbench;
    IF changed THEN
        PERFORM pg_notify('toasoan_changes', '');
    END IF;
    RETURN jsonb_build_object('up_to', up_to, 'applied', applied, 'refused', refused);
END $$;

-- Media files: content-addressed paths only (xx/<sha256>.<ext>, and the
-- .web./.thumb. derivatives beside it), for an item of the library; chunks
-- of 1 MiB in order; only the person who imported the item (or a head, who
-- moves a solo newsroom's files) uploads its files; nothing is added to a
-- complete file. The original is checked against its hash when finished.
CREATE OR REPLACE FUNCTION toasoan.file_media(p_path text) RETURNS toasoan.rows LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m toasoan.rows;
    sha text := substr(p_path, 4, 64);
    rest text := substr(p_path, 69);
BEGIN
    IF p_path IS NULL OR p_path !~ '^[0-9a-f]{2}/[0-9a-f]{64}\.((web|thumb)\.(jpg|png)|[a-z0-9]{1,8})$'
       OR substr(p_path, 1, 2) <> substr(sha, 1, 2) THEN
        RAISE EXCEPTION 'toasoan: đường dẫn tệp «%» không hợp lệ [invalid-path]', left(coalesce(p_path, 'NULL'), 100)
            USING ERRCODE = '22023';
    END IF;
    SELECT * INTO m FROM toasoan.rows r WHERE r.tbl = 'media' AND r.data->>'sha256' = sha AND NOT r.deleted LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'toasoan: tệp «%» không thuộc mục nào của thư viện chung (chưa có, hoặc đã xóa) [no-media-row]', p_path
            USING ERRCODE = '23503';
    END IF;
    IF rest <> m.data->>'ext' AND rest <> 'web.' || (m.data->>'web_ext') AND rest <> 'thumb.' || (m.data->>'thumb_ext') THEN
        RAISE EXCEPTION 'toasoan: tệp «%» không khớp mục thư viện của nó [invalid-path]', p_path USING ERRCODE = '22023';
    END IF;
    RETURN m;
END $$;

CREATE OR REPLACE FUNCTION toasoan.put_chunk(p_path text, p_size bigint, p_sha256 text, p_idx integer, p_data bytea)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
    chunk constant bigint := 1048576;
    m toasoan.rows := toasoan.file_media(p_path);
    original boolean := substr(p_path, 69) = m.data->>'ext';
    f toasoan.files;
    want bigint;
BEGIN
    IF toasoan.me() IS NULL THEN
        RAISE EXCEPTION 'toasoan: % không phải tài khoản của tòa soạn này [not-member]', session_user USING ERRCODE = '42501';
    END IF;
    IF m.data->>'imported_by' IS DISTINCT FROM toasoan.me() AND toasoan.my_role() IS DISTINCT FROM 'head' THEN
        RAISE EXCEPTION 'toasoan: chỉ người nhập mục thư viện gửi tệp của nó [media-owner]' USING ERRCODE = '42501';
    END IF;
    IF p_sha256 IS NULL OR p_sha256 !~ '^[0-9a-f]{64}$' OR p_size IS NULL OR p_size NOT BETWEEN 1 AND 104857600 THEN
        RAISE EXCEPTION 'toasoan: kích thước hoặc mã băm của tệp không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
    IF original AND (p_sha256 <> m.data->>'sha256' OR p_size <> (m.data->>'bytes')::bigint) THEN
        RAISE EXCEPTION 'toasoan: tệp gốc phải đúng mã băm và kích thước ghi trong thư viện [invalid-value]' USING ERRCODE = '22023';
    END IF;
    INSERT INTO toasoan.files (path, size, sha256) VALUES (p_path, p_size, p_sha256) ON CONFLICT (path) DO NOTHING;
    SELECT * INTO f FROM toasoan.files WHERE path = p_path FOR UPDATE;
    IF f.complete THEN
        RAISE EXCEPTION 'toasoan: tệp «%» đã đủ trên máy chủ chung [file-complete]', p_path USING ERRCODE = '55000';
    END IF;
    IF f.size <> p_size OR f.sha256 <> p_sha256 THEN
        -- An unfinished upload that does not match the uploader's file:
        -- begun again from nothing (only its uploader gets this far).
        DELETE FROM toasoan.file_chunks WHERE path = p_path;
        UPDATE toasoan.files SET size = p_size, sha256 = p_sha256, written_by = session_user, written_at = now() WHERE path = p_path;
    END IF;
    want := least(chunk, p_size - p_idx::bigint * chunk);
    IF p_idx IS NULL OR p_idx < 0 OR p_idx::bigint * chunk >= p_size OR octet_length(p_data) <> want THEN
        RAISE EXCEPTION 'toasoan: phần % của tệp không đúng vị trí hoặc độ dài [invalid-value]', p_idx USING ERRCODE = '22023';
    END IF;
    INSERT INTO toasoan.file_chunks (path, idx, data) VALUES (p_path, p_idx, p_data)
    ON CONFLICT (path, idx) DO UPDATE SET data = EXCLUDED.data;
END $$;

CREATE OR REPLACE FUNCTION toasoan.finish_file(p_path text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
    m toasoan.rows := toasoan.file_media(p_path);
    f toasoan.files;
    whole bytea;
BEGIN
    IF toasoan.me() IS NULL THEN
        RAISE EXCEPTION 'toasoan: % không phải tài khoản của tòa soạn này [not-member]', session_user USING ERRCODE = '42501';
    END IF;
    SELECT * INTO f FROM toasoan.files WHERE path = p_path FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF f.complete THEN
        RETURN true;
    END IF;
    SELECT string_agg(data, ''::bytea ORDER BY idx) INTO whole FROM toasoan.file_chunks WHERE path = p_path;
    IF coalesce(length(whole), 0) <> f.size OR encode(sha256(coalesce(whole, ''::bytea)), 'hex') <> f.sha256 THEN
        IF coalesce(length(whole), 0) >= f.size THEN
            -- All there and wrong: thrown away, to be sent again.
            DELETE FROM toasoan.file_chunks WHERE path = p_path;
        END IF;
        RETURN false;
    END IF;
    UPDATE toasoan.files SET complete = true WHERE path = p_path;
    RETURN true;
END $$;

-- Publishing in team mode (editors and heads): claims under a lease, the
-- journal of our post kept by whoever holds the claim.
CREATE OR REPLACE FUNCTION toasoan.own_workbench(p_holder text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
BEGIN
    IF toasoan.me() IS NULL THEN
        RAISE EXCEPTION 'toasoan: % không phải tài khoản của tòa soạn này [not-member]', session_user USING ERRCODE = '42501';
    END IF;
    IF p_holder IS NULL OR p_holder !~ '^[0-9A-Za-z-]{1,64}$' THEN
        RAISE EXCEPTION 'toasoan: mã máy trạm không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
    INSERT INTO toasoan.workbenches (id, login) VALUES (p_holder, session_user) ON CONFLICT (id) DO NOTHING;
    IF (SELECT login FROM toasoan.workbenches WHERE id = p_holder) IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION 'toasoan: máy trạm này là của tài khoản khác [workbench-copied]' USING ERRCODE = '42501';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION toasoan.desk_only() RETURNS void LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF toasoan.my_role() IS NULL OR toasoan.my_role() NOT IN ('editor', 'head') THEN
        RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được đăng bài [editor-publishes]' USING ERRCODE = '42501';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION toasoan.lease(secs double precision) RETURNS interval LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF secs IS NULL OR secs <= 0 OR secs > 3600 THEN
        RAISE EXCEPTION 'toasoan: thời hạn giữ chỗ phải từ 0 đến 3.600 giây [invalid-value]' USING ERRCODE = '22023';
    END IF;
    RETURN make_interval(secs => secs);
END $$;

CREATE OR REPLACE FUNCTION toasoan.check_piece_portal(p_piece text, p_portal text) RETURNS void LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM toasoan.rows a WHERE a.tbl = 'assignments' AND a.id = p_piece) THEN
        RAISE EXCEPTION 'toasoan: bài «%» không có trên máy chủ chung', left(coalesce(p_piece, 'NULL'), 64) USING ERRCODE = '23503';
    END IF;
    IF p_portal IS NULL OR length(p_portal) NOT BETWEEN 1 AND 2083 THEN
        RAISE EXCEPTION 'toasoan: địa chỉ cổng thông tin không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION toasoan.claim_publish(p_piece text, p_portal text, p_holder text, p_seq integer, p_lease double precision)
RETURNS TABLE (outcome text, login text, post jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
    c toasoan.publish_claims;
BEGIN
    PERFORM toasoan.desk_only();
    PERFORM toasoan.own_workbench(p_holder);
    PERFORM toasoan.check_piece_portal(p_piece, p_portal);
    INSERT INTO toasoan.publish_claims AS x (piece, portal, holder, login, lease_until, wanted_seq, wanted_by)
    VALUES (p_piece, p_portal, p_holder, session_user, now() + toasoan.lease(p_lease), p_seq, session_user)
    ON CONFLICT (piece, portal) DO UPDATE
       SET holder = EXCLUDED.holder, login = session_user, lease_until = EXCLUDED.lease_until,
           wanted_seq = greatest(x.wanted_seq, EXCLUDED.wanted_seq)
       WHERE x.done_seq < EXCLUDED.wanted_seq
         AND (x.holder IS NOT DISTINCT FROM EXCLUDED.holder OR x.lease_until < now())
    RETURNING * INTO c;
    IF FOUND THEN
        RETURN QUERY SELECT 'ours'::text, session_user::text, c.post;
        RETURN;
    END IF;
    SELECT * INTO c FROM toasoan.publish_claims WHERE piece = p_piece AND portal = p_portal;
    RETURN QUERY SELECT CASE WHEN c.done_seq >= p_seq THEN 'done' ELSE 'held' END, coalesce(c.login::text, ''), c.post;
END $$;

CREATE OR REPLACE FUNCTION toasoan.record_claim(p_piece text, p_portal text, p_holder text, p_post jsonb, p_done integer)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM toasoan.desk_only();
    PERFORM toasoan.own_workbench(p_holder);
    IF jsonb_typeof(p_post) IS DISTINCT FROM 'object' OR pg_column_size(p_post) > 65536 THEN
        RAISE EXCEPTION 'toasoan: nhật ký bài đăng không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
    UPDATE toasoan.publish_claims
       SET post = p_post, done_seq = greatest(done_seq, coalesce(p_done, done_seq)),
           lease_until = CASE WHEN p_done IS NULL THEN lease_until ELSE '-infinity' END
     WHERE piece = p_piece AND portal = p_portal AND holder = p_holder AND login = session_user;
    RETURN FOUND;
END $$;

CREATE OR REPLACE FUNCTION toasoan.offer_publish(p_piece text, p_portal text, p_seq integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM toasoan.desk_only();
    PERFORM toasoan.check_piece_portal(p_piece, p_portal);
    INSERT INTO toasoan.publish_claims AS c (piece, portal, wanted_seq, wanted_by)
    VALUES (p_piece, p_portal, p_seq, session_user)
    ON CONFLICT (piece, portal) DO UPDATE
       SET wanted_seq = EXCLUDED.wanted_seq, wanted_by = session_user, wanted_at = now()
       WHERE c.wanted_seq < EXCLUDED.wanted_seq;
END $$;

CREATE OR REPLACE FUNCTION toasoan.take_offer(p_portals text[], p_skip text[], p_holder text, p_lease double precision)
RETURNS TABLE (piece text, portal text, wanted_seq integer, wanted_by text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM toasoan.desk_only();
    PERFORM toasoan.own_workbench(p_holder);
    IF cardinality(p_portals) > 1000 OR cardinality(p_skip) > 100000 THEN
        RAISE EXCEPTION 'toasoan: danh sách quá dài [too-large]' USING ERRCODE = '54000';
    END IF;
    RETURN QUERY
    UPDATE toasoan.publish_claims c
       SET holder = p_holder, login = session_user, lease_until = now() + toasoan.lease(p_lease)
      FROM (SELECT x.piece, x.portal FROM toasoan.publish_claims x
             WHERE x.portal = ANY (p_portals) AND x.wanted_seq > x.done_seq AND x.lease_until < now()
               AND NOT (x.piece = ANY (p_skip))
             ORDER BY x.wanted_at LIMIT 1 FOR UPDATE SKIP LOCKED) y
     WHERE c.piece = y.piece AND c.portal = y.portal
     RETURNING c.piece, c.portal, c.wanted_seq, coalesce(c.wanted_by::text, '');
END $$;

CREATE OR REPLACE FUNCTION toasoan.release_claim(p_piece text, p_portal text, p_holder text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM toasoan.desk_only();
    UPDATE toasoan.publish_claims SET lease_until = '-infinity'
     WHERE piece = p_piece AND portal = p_portal AND holder = p_holder AND login = session_user;
END $$;

CREATE OR REPLACE FUNCTION toasoan.image_sending(p_portal text, p_sha256 text, p_slug text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM toasoan.desk_only();
    IF p_sha256 IS NULL OR p_sha256 !~ '^[0-9a-f]{64}$' OR p_slug IS NULL OR length(p_slug) NOT BETWEEN 1 AND 200
       OR p_portal IS NULL OR length(p_portal) NOT BETWEEN 1 AND 2083 THEN
        RAISE EXCEPTION 'toasoan: ảnh gửi lên cổng thông tin không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
    INSERT INTO toasoan.portal_media (portal, sha256, slug) VALUES (p_portal, p_sha256, p_slug)
    ON CONFLICT (portal, sha256) DO NOTHING;
END $$;

CREATE OR REPLACE FUNCTION toasoan.image_uploaded(p_portal text, p_sha256 text, p_slug text, p_remote text, p_url text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
BEGIN
    PERFORM toasoan.image_sending(p_portal, p_sha256, p_slug);
    IF p_remote IS NULL OR length(p_remote) NOT BETWEEN 1 AND 200 OR p_url IS NULL OR length(p_url) NOT BETWEEN 1 AND 2083
       OR p_url !~ '^https?://' THEN
        RAISE EXCEPTION 'toasoan: ảnh đã tải lên không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
    UPDATE toasoan.portal_media SET slug = p_slug, remote_id = p_remote, url = p_url, done = true, updated_at = now()
     WHERE portal = p_portal AND sha256 = p_sha256;
END $$;

-- Engagement polling: one workbench per (piece, source) and lease, for the
-- pieces the member may read; a live lease of another is never taken.
CREATE OR REPLACE FUNCTION toasoan.claim_polls(p_pieces text[], p_sources text[], p_holder text, p_lease double precision)
RETURNS TABLE (piece text, source text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s'
AS $$
DECLARE
    who text := toasoan.me();
    desk boolean := toasoan.my_role() IN ('editor', 'head');
BEGIN
    PERFORM toasoan.own_workbench(p_holder);
    IF cardinality(p_pieces) IS DISTINCT FROM cardinality(p_sources) OR cardinality(p_pieces) > 100000 THEN
        RAISE EXCEPTION 'toasoan: danh sách lượt đọc số liệu không hợp lệ [invalid-value]' USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    INSERT INTO toasoan.poll_claims AS c (piece, source, holder, lease_until)
    SELECT k.p, k.s, p_holder, now() + toasoan.lease(p_lease)
      FROM unnest(p_pieces, p_sources) AS k(p, s)
      JOIN toasoan.rows a ON a.tbl = 'assignments' AND a.id = k.p AND (desk OR a.owner = who)
     WHERE k.s IN ('wordpress', 'page', 'matomo', 'facebook', 'youtube', 'zalo', 'manual')
    ON CONFLICT ON CONSTRAINT poll_claims_pkey DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
       WHERE c.holder = EXCLUDED.holder OR c.lease_until < now()
    RETURNING c.piece, c.source;
END $$;

-- The one way logins are made (a head's, after init): a checked function
-- owned by the admin who ran init (it needs CREATEROLE; no login does). The
-- password arrives as a SCRAM verifier computed on the workbench, never in
-- clear text. Each login: this hub's member role, at most 8 connections,
-- and timeouts for what it runs here.
CREATE OR REPLACE FUNCTION toasoan.create_login(new_login text, verifier text, new_role text, person text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    member_role text := (SELECT value FROM toasoan.meta WHERE key = 'member_role');
    gone text;
BEGIN
    IF (SELECT l.role FROM toasoan.logins l WHERE l.login = session_user) IS DISTINCT FROM 'head'
       AND session_user::text IS DISTINCT FROM (SELECT value FROM toasoan.meta WHERE key = 'admin') THEN
        RAISE EXCEPTION 'toasoan: chỉ lãnh đạo tòa soạn được thêm người [head-only-people]' USING ERRCODE = '42501';
    END IF;
    IF new_login IS NULL OR new_login !~ '^[a-z][a-z0-9_]{1,30}$' THEN
        RAISE EXCEPTION 'toasoan: tên đăng nhập «%» chỉ gồm chữ thường không dấu, số và _ (2–31 ký tự)', left(coalesce(new_login, ''), 64) USING ERRCODE = '22023';
    END IF;
    IF new_role IS NULL OR new_role NOT IN ('reporter', 'editor', 'head') THEN
        RAISE EXCEPTION 'toasoan: vai trò «%» không có', left(coalesce(new_role, ''), 32) USING ERRCODE = '22023';
    END IF;
    IF verifier IS NULL OR verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        RAISE EXCEPTION 'toasoan: mật khẩu phải được gửi dưới dạng SCRAM-SHA-256' USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM toasoan.rows p WHERE p.tbl = 'people' AND p.id = person AND NOT p.deleted
                   AND p.data->>'role' = new_role) THEN
        RAISE EXCEPTION 'toasoan: người «%» với vai trò % không có trên máy chủ chung', left(coalesce(person, ''), 64), new_role
            USING ERRCODE = '23503';
    END IF;
    SELECT coalesce(p.data->>'real_name', p.id) INTO gone FROM toasoan.rows p
    WHERE p.tbl = 'people' AND p.id = person AND (p.data->>'deactivated_at') IS NOT NULL;
    IF gone IS NOT NULL THEN
        RAISE EXCEPTION 'toasoan: «%» đã ngừng hoạt động, không tạo tài khoản được [person-inactive]', gone USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = new_login) THEN
        RAISE EXCEPTION 'toasoan: tài khoản «%» đã có', new_login USING ERRCODE = '42710';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS '
                   'INHERIT CONNECTION LIMIT 8 PASSWORD %L IN ROLE %I', new_login, verifier, member_role);
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', new_login, '120s');
    EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', new_login, '10s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', new_login, '60s');
    INSERT INTO toasoan.logins (login, person_id, role) VALUES (new_login, person, new_role);
END $$;

-- Reading: reference data for everyone; editors and heads the whole desk;
-- a reporter their own pieces (with everything that belongs to them) and
-- the contracts, lines and acceptances those pieces are on.
DROP POLICY IF EXISTS rows_read ON toasoan.rows;
CREATE POLICY rows_read ON toasoan.rows FOR SELECT USING (
    tbl IN ('people', 'agencies', 'policies', 'media', 'agency_contacts', 'policy_stages')
    OR (SELECT toasoan.my_role()) IN ('editor', 'head')
    OR owner = (SELECT toasoan.me())
    OR EXISTS (SELECT 1 FROM toasoan.reach r
               WHERE r.person = (SELECT toasoan.me()) AND r.tbl = rows.tbl AND r.id = rows.id)
);
DROP POLICY IF EXISTS reach_own ON toasoan.reach;
CREATE POLICY reach_own ON toasoan.reach FOR SELECT USING (person = (SELECT toasoan.me()));
DROP POLICY IF EXISTS exits_read ON toasoan.exits;
CREATE POLICY exits_read ON toasoan.exits FOR SELECT USING (person = (SELECT toasoan.me()));
DROP POLICY IF EXISTS workbenches_read ON toasoan.workbenches;
CREATE POLICY workbenches_read ON toasoan.workbenches FOR SELECT USING (login = session_user);
DROP POLICY IF EXISTS publish_claims_read ON toasoan.publish_claims;
CREATE POLICY publish_claims_read ON toasoan.publish_claims FOR SELECT USING ((SELECT toasoan.my_role()) IN ('editor', 'head'));
DROP POLICY IF EXISTS portal_media_read ON toasoan.portal_media;
CREATE POLICY portal_media_read ON toasoan.portal_media FOR SELECT USING ((SELECT toasoan.my_role()) IN ('editor', 'head'));
DROP POLICY IF EXISTS poll_claims_read ON toasoan.poll_claims;
CREATE POLICY poll_claims_read ON toasoan.poll_claims FOR SELECT USING ((SELECT toasoan.me()) IS NOT NULL);
-- A file follows the library item it belongs to. The web copy and the
-- thumbnail (their metadata stripped) for whoever reads the item; the
-- original (GPS, camera, the uncropped frame) only for the desk, the person
-- who imported it, a reporter whose piece uses it, or everyone when it is
-- a policy's document.
CREATE OR REPLACE FUNCTION toasoan.may_read_file(p_path text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT 1 FROM toasoan.rows m
        WHERE m.tbl = 'media' AND m.data->>'sha256' = substr(p_path, 4, 64) AND NOT m.deleted
          AND (substr(p_path, 69) IS DISTINCT FROM m.data->>'ext'
               OR toasoan.my_role() IN ('editor', 'head')
               OR m.data->>'imported_by' = toasoan.me()
               OR EXISTS (SELECT 1 FROM toasoan.rows u WHERE u.tbl = 'media_uses' AND u.data->>'media_id' = m.id
                          AND NOT u.deleted AND u.owner = toasoan.me())
               OR EXISTS (SELECT 1 FROM toasoan.rows s WHERE s.tbl = 'policy_stages' AND s.data->>'document_id' = m.id)))
$$;
DROP POLICY IF EXISTS files_read ON toasoan.files;
CREATE POLICY files_read ON toasoan.files FOR SELECT USING (toasoan.may_read_file(path));
DROP POLICY IF EXISTS file_chunks_read ON toasoan.file_chunks;
CREATE POLICY file_chunks_read ON toasoan.file_chunks FOR SELECT USING (toasoan.may_read_file(path));
ALTER TABLE toasoan.rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.reach ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.exits ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.workbenches ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.publish_claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.portal_media ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.poll_claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.files ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.file_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE toasoan.pushed ENABLE ROW LEVEL SECURITY;

-- Ownership and privileges, named after this hub's roles (toasoan.meta).
DO $$
DECLARE
    owner_role text := (SELECT value FROM toasoan.meta WHERE key = 'owner_role');
    member_role text := (SELECT value FROM toasoan.meta WHERE key = 'member_role');
    t record;
    f record;
    admin_kept constant text[] := ARRAY['create_login', 'set_login_active'];
BEGIN
    EXECUTE format('ALTER SCHEMA toasoan OWNER TO %I', owner_role);
    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'toasoan' AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('ALTER TABLE toasoan.%I OWNER TO %I', t.relname, owner_role);
        EXECUTE format('REVOKE ALL ON toasoan.%I FROM PUBLIC', t.relname);
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'toasoan_member') THEN
            EXECUTE format('REVOKE ALL ON toasoan.%I FROM toasoan_member', t.relname);
        END IF;
        EXECUTE format('REVOKE ALL ON toasoan.%I FROM %I', t.relname, member_role);
    END LOOP;
    FOR f IN SELECT p.oid::regprocedure AS sig, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'toasoan' LOOP
        IF NOT (f.proname = ANY (admin_kept)) THEN
            EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f.sig, owner_role);
        END IF;
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.sig);
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'toasoan_member') THEN
            EXECUTE format('REVOKE ALL ON FUNCTION %s FROM toasoan_member', f.sig);
        END IF;
    END LOOP;
    -- The owner's functions lock a person's login through the admin's.
    EXECUTE format('GRANT EXECUTE ON FUNCTION toasoan.set_login_active(text, boolean) TO %I', owner_role);
    EXECUTE format('GRANT USAGE ON SCHEMA toasoan TO %I', member_role);
    EXECUTE format('GRANT SELECT ON toasoan.meta, toasoan.logins, toasoan.rows, toasoan.reach, toasoan.exits, '
                   'toasoan.transitions, toasoan.workbenches, toasoan.files, toasoan.file_chunks, '
                   'toasoan.publish_claims, toasoan.portal_media, toasoan.poll_claims TO %I', member_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION toasoan.me(), toasoan.my_role(), toasoan.may_read_file(text), toasoan.push(text, jsonb), '
                   'toasoan.put_chunk(text, bigint, text, integer, bytea), toasoan.finish_file(text), '
                   'toasoan.claim_publish(text, text, text, integer, double precision), '
                   'toasoan.record_claim(text, text, text, jsonb, integer), toasoan.offer_publish(text, text, integer), '
                   'toasoan.take_offer(text[], text[], text, double precision), toasoan.release_claim(text, text, text), '
                   'toasoan.image_sending(text, text, text), toasoan.image_uploaded(text, text, text, text, text), '
                   'toasoan.claim_polls(text[], text[], text, double precision), '
                   'toasoan.create_login(text, text, text, text) TO %I', member_role);
    -- This hub's database: only its members (and its admin) connect; nobody
    -- makes temporary objects or objects in public.
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), member_role);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), session_user);
    -- (PostgreSQL 14's public schema belongs to the bootstrap superuser:
    -- an admin that is not one is told, and README says to run it.)
    BEGIN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE WARNING 'toasoan: REVOKE CREATE ON SCHEMA public FROM PUBLIC needs the owner of schema public';
    END;
END $$;
