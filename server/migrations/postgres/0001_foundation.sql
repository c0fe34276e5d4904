-- The school, its structure and roster, accounts and invites.
-- Same tables as the SQLite migration of the same number, in native PostgreSQL types.

CREATE TABLE school (
    id UUID PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE term (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    name TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    weekdays TEXT NOT NULL DEFAULT '12345',
    CONSTRAINT term_school_name_key UNIQUE (school_id, name),
    CHECK (end_date >= start_date)
);

CREATE TABLE grade (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    CONSTRAINT grade_school_name_key UNIQUE (school_id, name)
);

CREATE TABLE school_class (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    grade_id UUID NOT NULL REFERENCES grade (id),
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    CONSTRAINT school_class_school_name_key UNIQUE (school_id, name)
);
CREATE INDEX school_class_grade_idx ON school_class (grade_id);

CREATE TABLE student (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    class_id UUID NOT NULL REFERENCES school_class (id),
    student_no TEXT NOT NULL,
    name TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date DATE,
    left_behind BOOLEAN NOT NULL DEFAULT FALSE,
    boarder BOOLEAN NOT NULL DEFAULT FALSE,
    hardship BOOLEAN NOT NULL DEFAULT FALSE,
    special_needs BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT student_school_no_key UNIQUE (school_id, student_no)
);
CREATE INDEX student_class_idx ON student (class_id);

CREATE TABLE guardian (
    id UUID PRIMARY KEY NOT NULL,
    student_id UUID NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone TEXT NOT NULL,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX guardian_student_idx ON guardian (student_id);
CREATE UNIQUE INDEX guardian_one_primary_idx ON guardian (student_id) WHERE is_primary;

CREATE TABLE app_user (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID REFERENCES school (id),
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    phone TEXT,
    password_hash TEXT,
    session_epoch BIGINT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT app_user_username_key UNIQUE (username)
);

CREATE TABLE role_grant (
    id UUID PRIMARY KEY NOT NULL,
    user_id UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('district_admin', 'school_admin', 'staff', 'teacher', 'parent')),
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('district', 'school', 'grade', 'class')),
    scope_id UUID,
    sensitive BOOLEAN NOT NULL DEFAULT FALSE,
    title TEXT NOT NULL DEFAULT ''
);
CREATE INDEX role_grant_user_idx ON role_grant (user_id);
CREATE UNIQUE INDEX role_grant_unique_idx ON role_grant (user_id, role, scope_kind, scope_id);

CREATE TABLE invite (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    code_hash TEXT NOT NULL,
    user_id UUID REFERENCES app_user (id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id UUID,
    sensitive BOOLEAN NOT NULL DEFAULT FALSE,
    title TEXT NOT NULL DEFAULT '',
    created_by UUID NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    CONSTRAINT invite_code_hash_key UNIQUE (code_hash)
);

CREATE TABLE roster_import (
    id UUID PRIMARY KEY NOT NULL,
    school_id UUID NOT NULL REFERENCES school (id),
    created_by UUID NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ NOT NULL,
    file_name TEXT NOT NULL,
    entries TEXT NOT NULL,
    errors TEXT NOT NULL,
    committed_at TIMESTAMPTZ
);
