-- Appeals (申诉) against duty entries: created on the homeroom teacher's phone, decided on a
-- staff member's; one per entry. Synced in the entry's class scope.
CREATE TABLE check_appeal (
    id BLOB PRIMARY KEY NOT NULL,
    school_id BLOB NOT NULL REFERENCES school (id),
    class_id BLOB NOT NULL REFERENCES school_class (id),
    entry_id BLOB NOT NULL REFERENCES check_entry (id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    decision_reason TEXT NOT NULL DEFAULT '',
    appellant_id BLOB NOT NULL REFERENCES app_user (id),
    decided_by BLOB REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    version INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    CONSTRAINT check_appeal_entry_key UNIQUE (entry_id)
);
CREATE INDEX check_appeal_sync_idx ON check_appeal (class_id, change_seq);
