-- Version 2 (issue «The whole desk in the window», the payment hole): a
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
BEGIN
    IF NEW.tbl = 'assignments' AND NEW.data->>'state' = 'accepted'
       AND (OLD.data->>'state') IS DISTINCT FROM 'accepted'
       AND session_user::text IS DISTINCT FROM (SELECT value FROM toasoan.meta WHERE key = 'admin')
       AND NOT EXISTS (
           SELECT 1 FROM toasoan.rows i
           WHERE i.tbl = 'acceptance_items' AND i.data->>'assignment_id' = NEW.id AND NOT i.deleted
       ) THEN
        RAISE EXCEPTION 'toasoan: bài chỉ được nghiệm thu trong một đợt nghiệm thu của hợp đồng, để có dòng trong bảng kê [acceptance-round]'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION toasoan.check_acceptance() FROM PUBLIC;

CREATE TRIGGER rows_check_acceptance BEFORE UPDATE ON toasoan.rows
    FOR EACH ROW EXECUTE FUNCTION toasoan.check_acceptance();
