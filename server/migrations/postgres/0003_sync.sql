-- Same as the SQLite migration of the same number, in PostgreSQL types.
-- Offline sync (protocol v1, docs/sync-protocol.md): change numbers per scope, client
-- mutation sequences, rejections, field history, and the first synced record kind.

-- One row per scope (a class, a school): the last change number handed out. Writers
-- bump it inside their transaction, so numbers are gap-free in commit order.
CREATE TABLE change_counter (
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('school', 'class')),
    scope_id UUID NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (scope_kind, scope_id)
);

-- A phone (one per browser profile), bound to the user who first used it.
CREATE TABLE sync_client (
    id UUID PRIMARY KEY NOT NULL,
    user_id UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    last_seq BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    last_push_at TIMESTAMPTZ
);

-- Mutations that failed validation or permission: their seq is consumed, the user sees them.
CREATE TABLE sync_rejection (
    client_id UUID NOT NULL REFERENCES sync_client (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    mutation TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, seq)
);

-- Values overwritten by a later write (last write wins per field; nothing is lost).
CREATE TABLE field_history (
    id UUID PRIMARY KEY NOT NULL,
    table_name TEXT NOT NULL,
    row_id UUID NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    changed_by UUID NOT NULL,
    client_id UUID,
    seq BIGINT,
    changed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX field_history_row_idx ON field_history (table_name, row_id);

-- A row that left a scope (a student moved to another class): the old scope's phones drop it.
CREATE TABLE sync_tombstone (
    scope_kind TEXT NOT NULL,
    scope_id UUID NOT NULL,
    change_seq BIGINT NOT NULL,
    table_name TEXT NOT NULL,
    row_id UUID NOT NULL,
    PRIMARY KEY (scope_kind, scope_id, change_seq)
);

-- The routine-check items of a school; points in tenths (−0.5 is −5).
CREATE TABLE check_item (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    points_tenths BIGINT NOT NULL,
    min_tenths BIGINT NOT NULL,
    max_tenths BIGINT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('class', 'student')),
    slots TEXT NOT NULL,
    recorder TEXT NOT NULL CHECK (recorder IN ('duty', 'homeroom', 'both')),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    sort_order INTEGER NOT NULL,
    change_seq BIGINT NOT NULL,
    CONSTRAINT check_item_school_name_key UNIQUE (school_id, category, name)
);
CREATE INDEX check_item_sync_idx ON check_item (school_id, change_seq);

-- One routine-check entry, created on a phone (client UUIDv7 id). Voided, never erased.
CREATE TABLE check_entry (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    class_id UUID NOT NULL REFERENCES school_class (id),
    entry_date DATE NOT NULL,
    slot TEXT NOT NULL,
    item_id UUID NOT NULL REFERENCES check_item (id),
    points_tenths BIGINT NOT NULL,
    count BIGINT NOT NULL,
    student_ids TEXT NOT NULL,
    note TEXT NOT NULL,
    recorder_id UUID NOT NULL REFERENCES app_user (id),
    recorder_role TEXT NOT NULL,
    observed_at TIMESTAMPTZ,
    client_recorded_at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    voided BOOLEAN NOT NULL DEFAULT FALSE,
    void_reason TEXT NOT NULL DEFAULT '',
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    version BIGINT NOT NULL,
    change_seq BIGINT NOT NULL
);
CREATE INDEX check_entry_sync_idx ON check_entry (class_id, change_seq);

-- Classes and students become synced reference data: each row carries its change number.
ALTER TABLE school_class ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE student ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;

UPDATE school_class SET change_seq = (
    SELECT r.n FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY school_id ORDER BY id) AS n FROM school_class) r
    WHERE r.id = school_class.id);
UPDATE student SET change_seq = (
    SELECT r.n FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY class_id ORDER BY id) AS n FROM student) r
    WHERE r.id = student.id);
INSERT INTO change_counter (scope_kind, scope_id, last_seq)
    SELECT 'school', school_id, MAX(change_seq) FROM school_class GROUP BY school_id;
INSERT INTO change_counter (scope_kind, scope_id, last_seq)
    SELECT 'class', class_id, MAX(change_seq) FROM student GROUP BY class_id;

CREATE INDEX school_class_sync_idx ON school_class (school_id, change_seq);
CREATE INDEX student_sync_idx ON student (class_id, change_seq);
