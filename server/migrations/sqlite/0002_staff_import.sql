-- Staff CSV files staged between upload and the admin's confirmation.
CREATE TABLE staff_import (
    id BLOB PRIMARY KEY NOT NULL,
    school_id BLOB NOT NULL REFERENCES school (id),
    created_by BLOB NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    entries TEXT NOT NULL,
    errors TEXT NOT NULL,
    committed_at TEXT
);
