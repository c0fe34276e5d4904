-- The class duty roster (值日安排): one team per class and weekday (1 Monday … 7 Sunday),
-- kept by the class's teacher on the phone and synced in the class scope.
CREATE TABLE duty_roster (
    id BLOB PRIMARY KEY NOT NULL,
    school_id BLOB NOT NULL REFERENCES school (id),
    class_id BLOB NOT NULL REFERENCES school_class (id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    student_ids TEXT NOT NULL,
    task TEXT NOT NULL,
    updated_by BLOB NOT NULL REFERENCES app_user (id),
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    UNIQUE (class_id, weekday)
);
CREATE INDEX duty_roster_sync_idx ON duty_roster (class_id, change_seq);
