-- Version 3 (the desk: people who leave, reporters who answer an
-- assignment, an agency's contacts, a policy's stages, citizens' feedback).
-- The workbench replicates four new tables and two new columns:
--   people.deactivated_at        a person who left: their login stops
--                                signing in (none is made for them), and no
--                                piece is given to them;
--   assignments.priority, .stage (checked as the rest of an assignment);
--   assignment_responses         a reporter accepts or declines their piece
--                                (append-only, part of the piece);
--   agency_contacts              who to call at an agency (reference data);
--   policy_stages                a policy's stages (reference data,
--                                append-only);
--   feedback                     citizens' feedback on a policy, the desk's
--                                (and the piece's, when it names one).
-- Version 1's check_row sent every table it does not name to its last
-- branch, which wants each row to belong to a piece: reference data and
-- feedback without a piece were refused. check_row is written again below,
-- version 1's rules unchanged, with the new tables in their own branches.
-- Nothing already on the hub is rewritten.

-- Reference data for everyone (the policies of version 1 with the new
-- reference tables); feedback without a piece stays the desk's (its owner
-- is NULL, so no reporter matches it).
DROP POLICY rows_read ON toasoan.rows;
CREATE POLICY rows_read ON toasoan.rows FOR SELECT TO toasoan_member USING (
    tbl IN ('people', 'agencies', 'policies', 'media', 'agency_contacts', 'policy_stages')
    OR (SELECT toasoan.my_role()) IN ('editor', 'head')
    OR owner = (SELECT toasoan.me())
    OR EXISTS (SELECT 1 FROM toasoan.reach r
               WHERE r.person = (SELECT toasoan.me()) AND r.tbl = rows.tbl AND r.id = rows.id)
);
-- (Every row the writer can see may be aimed at: the trigger then names
-- the rule that refuses it, instead of a silent "UPDATE 0".)
DROP POLICY rows_update ON toasoan.rows;
CREATE POLICY rows_update ON toasoan.rows FOR UPDATE TO toasoan_member
    USING (
        tbl IN ('people', 'agencies', 'policies', 'media', 'agency_contacts', 'policy_stages')
        OR (SELECT toasoan.my_role()) IN ('editor', 'head')
        OR owner = (SELECT toasoan.me())
        OR EXISTS (SELECT 1 FROM toasoan.reach r
                   WHERE r.person = (SELECT toasoan.me()) AND r.tbl = rows.tbl AND r.id = rows.id)
    )
    WITH CHECK ((SELECT toasoan.me()) IS NOT NULL);

-- Every write of a row is checked here (version 1's function, its rules
-- unchanged), now with:
--   agency_contacts, policy_stages: written by editors and heads, belong to
--     no piece; policy_stages append-only;
--   feedback: written by editors and heads; belongs to the piece it names
--     (its reporter reads it), else to the desk only. Taken off a piece, it
--     leaves that reporter's workbench (an exit, as a reassigned piece);
--   assignment_responses: append-only, part of its piece; only the piece's
--     reporter answers, in their own name, while the piece is «assigned» or
--     «drafting»; a refusal says why.
CREATE OR REPLACE FUNCTION toasoan.check_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
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
        'engagement_snapshots', 'citizen_comments', 'assignment_responses', 'policy_stages'];
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
    -- A person a head deactivated writes no more, even over a session opened
    -- before (NOLOGIN only stops new sign-ins).
    IF EXISTS (SELECT 1 FROM toasoan.rows p WHERE p.tbl = 'people' AND p.id = who
               AND p.data->>'deactivated_at' IS NOT NULL AND NOT p.deleted) THEN
        RAISE EXCEPTION 'toasoan: tài khoản này đã ngừng hoạt động [person-inactive]' USING ERRCODE = '42501';
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
            -- (IS DISTINCT FROM: version 1's `<>` let a row without a state through.)
            IF NEW.data->>'state' IS DISTINCT FROM 'assigned' THEN
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
                -- Nulls stripped: a row written by an older workbench lacks the
                -- columns a newer one sends as null (priority, stage, …).
                IF jsonb_strip_nulls(NEW.data - 'state' - 'updated_at')
                   <> jsonb_strip_nulls(OLD.data - 'state' - 'updated_at') THEN
                    RAISE EXCEPTION 'toasoan: phóng viên chỉ đổi trạng thái bài của mình, không sửa việc được giao [editor-assigns]'
                        USING ERRCODE = '42501';
                END IF;
            END IF;
            -- Version 1 compared with `<>`, which is NULL for a row without a
            -- state: a reporter could push a piece with no state and then
            -- any state (even «approved») past the transitions. A state is
            -- required, and every change of it is checked.
            IF new_state IS NULL OR new_state NOT IN (SELECT from_state FROM toasoan.transitions
                                                      UNION SELECT to_state FROM toasoan.transitions) THEN
                RAISE EXCEPTION 'toasoan: bài phải có trạng thái hợp lệ, không phải «%» [workflow]', coalesce(new_state, 'NULL')
                    USING ERRCODE = '42501';
            END IF;
            IF old_state IS DISTINCT FROM new_state AND NOT EXISTS (
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
    ELSIF NEW.tbl IN ('agency_contacts', 'policy_stages') THEN
        -- An agency's contacts and a policy's stages: reference data every
        -- member reads, the desk writes; they belong to no piece.
        IF NOT desk THEN
            IF NEW.tbl = 'agency_contacts' THEN
                RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được quản lý đầu mối liên hệ của cơ quan [editor-assigns]'
                    USING ERRCODE = '42501';
            END IF;
            RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi giai đoạn của chính sách [editor-assigns]'
                USING ERRCODE = '42501';
        END IF;
        NEW.piece := NULL;
        NEW.owner := NULL;
        RETURN NEW;
    ELSIF NEW.tbl = 'feedback' THEN
        -- Citizens' feedback: the desk records, forwards and answers it. It
        -- belongs to the piece it names (whose reporter then reads it), else
        -- to the desk alone: the owner is worked out afresh on every write.
        IF NOT desk THEN
            RAISE EXCEPTION 'toasoan: chỉ biên tập viên hoặc lãnh đạo được ghi ý kiến phản hồi của người dân [editor-assigns]'
                USING ERRCODE = '42501';
        END IF;
        NEW.piece := NULL;
        NEW.owner := NULL;
        NEW := toasoan.scope(NEW);
        IF NEW.piece IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM toasoan.rows a WHERE a.tbl = 'assignments' AND a.id = NEW.piece) THEN
            RAISE EXCEPTION 'toasoan: % % thuộc về một bài không có trên máy chủ chung', NEW.tbl, NEW.id USING ERRCODE = '23503';
        END IF;
        -- Taken off a piece (or put on another's), it leaves the reporter
        -- who had it.
        IF TG_OP = 'UPDATE' AND OLD.owner IS NOT NULL AND OLD.owner IS DISTINCT FROM NEW.owner THEN
            INSERT INTO toasoan.exits (person, tbl, id) VALUES (OLD.owner, NEW.tbl, NEW.id);
        END IF;
        RETURN NEW;
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
           AND coalesce(piece_row.data->>'state', '') NOT IN ('assigned', 'drafting', 'changes-requested') THEN
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
        -- A reporter answers the piece given to them (accepts or declines
        -- it), in their own name, before the piece is submitted; editors and
        -- heads do not answer for them.
        IF NEW.tbl = 'assignment_responses' THEN
            IF piece_row.owner IS DISTINCT FROM who OR (NEW.data->>'person_id') IS DISTINCT FROM who THEN
                RAISE EXCEPTION 'toasoan: chỉ phóng viên được giao bài mới nhận hay từ chối việc đó, và bằng chính tên mình [reporter-own-assignment]'
                    USING ERRCODE = '42501';
            END IF;
            IF COALESCE(piece_row.data->>'state', '') NOT IN ('assigned', 'drafting') THEN
                RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», không còn nhận hay từ chối việc được [workflow]', piece_row.data->>'state'
                    USING ERRCODE = '42501';
            END IF;
            IF (NEW.data->>'response') IS NULL OR NEW.data->>'response' NOT IN ('accept', 'decline') THEN
                RAISE EXCEPTION 'toasoan: trả lời việc được giao là «accept» hoặc «decline», không phải «%»', NEW.data->>'response'
                    USING ERRCODE = '22023';
            END IF;
            -- (Blank as the workbench's CHECK sees it: SQLite's trim, spaces.)
            IF NEW.data->>'response' = 'decline' AND COALESCE(btrim(NEW.data->>'reason'), '') = '' THEN
                RAISE EXCEPTION 'toasoan: từ chối việc được giao phải nêu lý do [decline-reason]' USING ERRCODE = '42501';
            END IF;
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

-- A person who leaves (people.deactivated_at set, by a head: check_row
-- keeps people to heads) stops signing in to the hub, and signs in again
-- when brought back; a piece is not given to them meanwhile (as reporter
-- or as editor). Runs as the admin who created the hub, who made the logins
-- (create_login) and so may change them; never the admin's own login, nor a
-- superuser. Beside check_row (triggers run in name order: rows_check,
-- rows_check_acceptance, then this one; a re-sent row check_row skips never
-- reaches it). The admin's import is taken as it is, as in
-- check_acceptance, but still locks the logins of people who left.
-- (ALTER ROLE … NOLOGIN stops new sign-ins; a session already open runs
-- until it ends.)
CREATE FUNCTION toasoan.check_people() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    admin_login text := (SELECT value FROM toasoan.meta WHERE key = 'admin');
    admin boolean := session_user::text IS NOT DISTINCT FROM admin_login;
    was_active boolean;
    is_active boolean;
    l name;
    gone text;
BEGIN
    -- The proposed row of INSERT … ON CONFLICT DO UPDATE: the UPDATE that
    -- follows is the write.
    IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM toasoan.rows r WHERE r.tbl = NEW.tbl AND r.id = NEW.id) THEN
        RETURN NEW;
    END IF;
    IF NEW.tbl = 'people' THEN
        was_active := TG_OP = 'INSERT' OR (OLD.data->>'deactivated_at') IS NULL;
        is_active := (NEW.data->>'deactivated_at') IS NULL;
        IF was_active <> is_active THEN
            FOR l IN
                SELECT g.login FROM toasoan.logins g JOIN pg_roles r ON r.rolname = g.login
                WHERE g.person_id = NEW.id AND NOT r.rolsuper AND g.login::text IS DISTINCT FROM admin_login
            LOOP
                EXECUTE format('ALTER ROLE %I %s', l, CASE WHEN is_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
            END LOOP;
        END IF;
    ELSIF NEW.tbl = 'assignments' AND NOT admin THEN
        -- Only who the write gives the piece to: a piece already given to
        -- someone who left can still be changed (given to someone else).
        SELECT COALESCE(p.data->>'real_name', p.id) INTO gone FROM toasoan.rows p
        WHERE p.tbl = 'people' AND (p.data->>'deactivated_at') IS NOT NULL
          AND ((p.id = NEW.data->>'reporter_id'
                AND (TG_OP = 'INSERT' OR p.id IS DISTINCT FROM OLD.data->>'reporter_id'))
            OR (p.id = NEW.data->>'editor_id'
                AND (TG_OP = 'INSERT' OR p.id IS DISTINCT FROM OLD.data->>'editor_id')))
        LIMIT 1;
        IF gone IS NOT NULL THEN
            RAISE EXCEPTION 'toasoan: «%» đã ngừng hoạt động, không giao việc được [person-inactive]', gone
                USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION toasoan.check_people() FROM PUBLIC;

CREATE TRIGGER rows_check_people BEFORE INSERT OR UPDATE ON toasoan.rows
    FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND NEW.tbl IN ('people', 'assignments'))
    EXECUTE FUNCTION toasoan.check_people();

-- Nor is a login made for someone who already left (create_login after the
-- person's deactivated_at is set): refused, and the role it was creating
-- goes with the refused transaction.
CREATE FUNCTION toasoan.check_login() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    gone text;
BEGIN
    SELECT COALESCE(p.data->>'real_name', p.id) INTO gone FROM toasoan.rows p
    WHERE p.tbl = 'people' AND p.id = NEW.person_id AND (p.data->>'deactivated_at') IS NOT NULL;
    IF gone IS NOT NULL THEN
        RAISE EXCEPTION 'toasoan: «%» đã ngừng hoạt động, không tạo tài khoản được [person-inactive]', gone
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION toasoan.check_login() FROM PUBLIC;

CREATE TRIGGER logins_check BEFORE INSERT ON toasoan.logins
    FOR EACH ROW EXECUTE FUNCTION toasoan.check_login();

-- The values of the new columns, as the workbenches' CHECK constraints
-- have them: a row the hub accepted must apply on every workbench (one bad
-- value would otherwise stop every pull). Tombstones are not checked.
CREATE FUNCTION toasoan.check_values() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    d jsonb := NEW.data;
    stages constant text[] := ARRAY['lay-y-kien', 'thong-qua', 'ban-hanh', 'thuc-thi'];
    bad text;
BEGIN
    IF NEW.deleted THEN
        RETURN NEW;
    END IF;
    IF NEW.tbl = 'assignments' THEN
        IF d->>'priority' IS NOT NULL AND d->>'priority' NOT IN ('thuong', 'gap') THEN bad := 'priority'; END IF;
        IF d->>'stage' IS NOT NULL AND NOT (d->>'stage' = ANY (stages)) THEN bad := 'stage'; END IF;
    ELSIF NEW.tbl = 'agency_contacts' THEN
        IF coalesce(btrim(d->>'name'), '') = '' THEN bad := 'name'; END IF;
        IF coalesce(btrim(d->>'position'), '') = '' THEN bad := 'position'; END IF;
        IF d->>'agency_id' IS NULL THEN bad := 'agency_id'; END IF;
        IF coalesce(d->>'role', '') NOT IN ('dau-moi', 'phat-ngon', 'lanh-dao') THEN bad := 'role'; END IF;
    ELSIF NEW.tbl = 'policy_stages' THEN
        IF NOT (coalesce(d->>'stage', '') = ANY (stages)) THEN bad := 'stage'; END IF;
        IF coalesce(d->>'on_date', '') !~ '^\d{4}-\d{2}-\d{2}$' THEN bad := 'on_date'; END IF;
        IF d->>'policy_id' IS NULL OR d->>'recorded_by' IS NULL THEN bad := 'policy_id'; END IF;
    ELSIF NEW.tbl = 'feedback' THEN
        IF coalesce(d->>'channel', '') NOT IN ('duong-day-nong', 'hoi-nghi', 'zalo', 'facebook', 'cong-thong-tin') THEN
            bad := 'channel';
        END IF;
        IF coalesce(d->>'state', '') NOT IN ('moi', 'da-chuyen', 'da-tra-loi') THEN bad := 'state'; END IF;
        IF d->>'state' = 'da-tra-loi' AND coalesce(btrim(d->>'answer'), '') = '' THEN bad := 'answer'; END IF;
        IF coalesce(btrim(d->>'text'), '') = '' THEN bad := 'text'; END IF;
        IF coalesce(d->>'received_on', '') !~ '^\d{4}-\d{2}-\d{2}$' THEN bad := 'received_on'; END IF;
        IF d->>'policy_id' IS NULL OR d->>'recorded_by' IS NULL THEN bad := 'policy_id'; END IF;
    END IF;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'toasoan: % %: giá trị «%» của % không hợp lệ [invalid-value]', NEW.tbl, NEW.id, coalesce(d->>bad, 'NULL'), bad
            USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION toasoan.check_values() FROM PUBLIC;

CREATE TRIGGER rows_check_values BEFORE INSERT OR UPDATE ON toasoan.rows
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION toasoan.check_values();
