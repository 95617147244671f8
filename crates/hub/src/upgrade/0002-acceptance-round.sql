-- Version 2 (issue «The whole desk in the window»). The payment hole: a
-- piece moves to «accepted» only with its row in an acceptance's bảng kê.
-- A workbench writes the acceptance and its items first, then moves each
-- piece, in one push (rows are applied in the order they were written), so
-- the item is already here when the piece's state changes. Accepting a
-- piece by hand (or by hand-written SQL) is refused: rounds take only
-- published pieces, so such a piece would never be paid for.
-- Added beside toasoan.check_row (triggers run in name order: rows_check
-- first, and a re-sent row it skips never reaches this one).
CREATE FUNCTION toasoan.check_acceptance() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    admin boolean := session_user::text IS NOT DISTINCT FROM (SELECT value FROM toasoan.meta WHERE key = 'admin');
BEGIN
    IF NEW.tbl <> 'assignments' OR admin THEN
        RETURN NEW;
    END IF;
    IF NEW.data->>'state' = 'accepted' AND (OLD.data->>'state') IS DISTINCT FROM 'accepted'
       AND NOT EXISTS (
           SELECT 1 FROM toasoan.rows i
           WHERE i.tbl = 'acceptance_items' AND i.data->>'assignment_id' = NEW.id AND NOT i.deleted
       ) THEN
        RAISE EXCEPTION 'toasoan: bài chỉ được nghiệm thu trong một đợt nghiệm thu của hợp đồng, để có dòng trong bảng kê [acceptance-round]'
            USING ERRCODE = '42501';
    END IF;
    -- The rules of `Desk::edit_assignment`, kept here too (the client is
    -- never trusted): an accepted or cancelled piece is not changed, and a
    -- piece changes reporter only while it is still the reporter's to write.
    IF (OLD.data->>'state') IN ('accepted', 'cancelled') AND NEW.data <> OLD.data THEN
        RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», không sửa được việc được giao [workflow]', OLD.data->>'state'
            USING ERRCODE = '42501';
    END IF;
    IF (NEW.data->>'reporter_id') IS DISTINCT FROM (OLD.data->>'reporter_id')
       AND (OLD.data->>'state') NOT IN ('assigned', 'drafting', 'changes-requested') THEN
        RAISE EXCEPTION 'toasoan: bài đang ở trạng thái «%», không giao cho phóng viên khác được [workflow]', OLD.data->>'state'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION toasoan.check_acceptance() FROM PUBLIC;

CREATE TRIGGER rows_check_acceptance BEFORE UPDATE ON toasoan.rows
    FOR EACH ROW EXECUTE FUNCTION toasoan.check_acceptance();

-- A reporter whose piece is in an acceptance also reaches that acceptance
-- (its period and round number), as they reach the contract and the line
-- of their pieces: the bảng kê row they receive names it, and their
-- workbench keeps rows only with their parents. Version 1 sent the row
-- without its acceptance, and a reporter's first copy failed ("FOREIGN KEY
-- constraint failed") once a round included one of their pieces.
CREATE OR REPLACE FUNCTION toasoan.scope(r toasoan.rows) RETURNS toasoan.rows LANGUAGE plpgsql SECURITY DEFINER
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
    IF r.tbl = 'acceptance_items' AND r.owner IS NOT NULL THEN
        INSERT INTO toasoan.reach (person, tbl, id) VALUES (r.owner, 'acceptances', r.data->>'acceptance_id')
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN r;
END $$;
REVOKE ALL ON FUNCTION toasoan.scope(toasoan.rows) FROM PUBLIC;

-- The acceptances of pieces already on the hub.
INSERT INTO toasoan.reach (person, tbl, id)
SELECT DISTINCT i.owner, 'acceptances', i.data->>'acceptance_id' FROM toasoan.rows i
WHERE i.tbl = 'acceptance_items' AND i.owner IS NOT NULL
ON CONFLICT DO NOTHING;

-- A piece that changes hands takes its rows with it. check_row moves them
-- (an UPDATE of their owner from inside the trigger), but in version 1 that
-- inner UPDATE ran check_row again, which saw the same data and dropped it
-- as a re-sent row: the new reporter never received the piece's revisions
-- and the old one kept them. The check runs for the writer's own statements
-- only; what our checked functions write from inside a trigger is theirs.
DROP TRIGGER rows_check ON toasoan.rows;
CREATE TRIGGER rows_check BEFORE INSERT OR UPDATE ON toasoan.rows
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION toasoan.check_row();
