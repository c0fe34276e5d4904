-- An entry's recorder_role takes the values of app::domain::checks::RecorderRole only.
-- SQLite cannot add a CHECK to a table, so two triggers hold the same rule.
CREATE TRIGGER check_entry_recorder_role_insert BEFORE INSERT ON check_entry
    WHEN NEW.recorder_role NOT IN ('staff', 'homeroom')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: recorder_role');
END;

CREATE TRIGGER check_entry_recorder_role_update BEFORE UPDATE OF recorder_role ON check_entry
    WHEN NEW.recorder_role NOT IN ('staff', 'homeroom')
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: recorder_role');
END;
