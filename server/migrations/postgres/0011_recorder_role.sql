-- An entry's recorder_role takes the values of app::domain::checks::RecorderRole only.
ALTER TABLE check_entry ADD CONSTRAINT check_entry_recorder_role
    CHECK (recorder_role IN ('staff', 'homeroom'));
