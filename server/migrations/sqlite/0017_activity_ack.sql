-- A parent-committee member's 已阅 of a shared activity, with a note for the class's teachers
-- only (never shown to other parents). Acknowledging again replaces the note.
CREATE TABLE activity_ack (
    activity_id BLOB NOT NULL REFERENCES activity (id),
    user_id BLOB NOT NULL REFERENCES app_user (id),
    note TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL,
    PRIMARY KEY (activity_id, user_id)
);
-- The feed reads a school's shared activities newest first.
CREATE INDEX activity_feed_idx ON activity (school_id, activity_date, id);
