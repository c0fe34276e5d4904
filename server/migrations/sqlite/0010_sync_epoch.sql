-- Facts about this server's data as a whole. `sync_epoch` changes when a backup is restored:
-- phones that see a new epoch pull every scope again from 0 (their cursors may be ahead of
-- the restored counters) and re-send what they had acknowledged after the backup.
CREATE TABLE server_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO server_meta (key, value) VALUES ('sync_epoch', lower(hex(randomblob(16))));
