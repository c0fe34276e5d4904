-- Attendance (出勤): a mark per student and day off the roll; an absence stays open until the
-- student returns. Written on the teacher's phone, synced in the class scope. The term says
-- after how many school days in a row an absence is flagged to staff.
CREATE TABLE attendance (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    class_id UUID NOT NULL REFERENCES school_class (id),
    student_id UUID NOT NULL REFERENCES student (id),
    mark_date DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sick', 'personal', 'truant', 'late', 'early_leave')),
    symptoms TEXT NOT NULL,
    note TEXT NOT NULL,
    expected_return DATE,
    returned_on DATE,
    cancelled BOOLEAN NOT NULL DEFAULT FALSE,
    recorder_id UUID NOT NULL REFERENCES app_user (id),
    client_recorded_at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    change_seq BIGINT NOT NULL
);
CREATE INDEX attendance_sync_idx ON attendance (class_id, change_seq);
CREATE INDEX attendance_day_idx ON attendance (school_id, mark_date);
CREATE INDEX attendance_student_idx ON attendance (student_id, mark_date);

ALTER TABLE term ADD COLUMN absence_alert_days BIGINT NOT NULL DEFAULT 3;
