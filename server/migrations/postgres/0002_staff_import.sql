-- Staff CSV files staged between upload and the admin's confirmation.
CREATE TABLE staff_import (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    created_by UUID NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ NOT NULL,
    file_name TEXT NOT NULL,
    entries TEXT NOT NULL,
    errors TEXT NOT NULL,
    committed_at TIMESTAMPTZ
);
