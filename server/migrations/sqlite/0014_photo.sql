-- Photos a school holds, by the SHA-256 of the bytes the phone sent. The bytes themselves are
-- kept, cleaned, in the photo store (a folder under the data dir, or a bucket).
CREATE TABLE photo (
    school_id BLOB NOT NULL REFERENCES school (id),
    id TEXT NOT NULL CHECK (length(id) = 64),
    uploaded_by BLOB NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (school_id, id)
);
CREATE INDEX photo_sender_idx ON photo (uploaded_by, created_at);
