-- Monthly themes (月有主题): what a month asks of some grades' classes (all of them when
-- grade_ids is the empty list), as JSON lists of grade ids and of requirements
-- (app::domain::themes::Requirement). Phones pull them in the school scope, to fill in an
-- activity's theme offline.
CREATE TABLE monthly_theme (
    id BLOB PRIMARY KEY NOT NULL,
    school_id BLOB NOT NULL REFERENCES school (id),
    month DATE NOT NULL,
    grade_ids TEXT NOT NULL,
    theme TEXT NOT NULL,
    required TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    change_seq BIGINT NOT NULL
);
CREATE INDEX monthly_theme_month_idx ON monthly_theme (school_id, month);
CREATE INDEX monthly_theme_sync_idx ON monthly_theme (school_id, change_seq);

-- Moral-education activities (app::domain::activities): one class's activity, written on
-- the phone and synced in the class scope. Participants and photos (with the students each
-- shows) are JSON; an activity is withdrawn, never deleted.
CREATE TABLE activity (
    id BLOB PRIMARY KEY NOT NULL,
    school_id BLOB NOT NULL REFERENCES school (id),
    class_id BLOB NOT NULL REFERENCES school_class (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('themed_meeting', 'flag_speech', 'social_practice',
        'volunteering', 'safety', 'mental_health', 'labour', 'family_reading', 'study_trip',
        'other')),
    safety TEXT CHECK (safety IN ('fire', 'traffic', 'drowning', 'food', 'buildings',
        'assembly', 'study_trip', 'bullying', 'other')),
    domains TEXT NOT NULL,
    theme_id BLOB REFERENCES monthly_theme (id),
    activity_date DATE NOT NULL,
    minutes INTEGER CHECK (minutes BETWEEN 1 AND 1440),
    place TEXT NOT NULL,
    participants TEXT NOT NULL,
    summary TEXT NOT NULL,
    reflection TEXT NOT NULL,
    photos TEXT NOT NULL,
    shared BOOLEAN NOT NULL,
    withdrawn BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_by BLOB NOT NULL REFERENCES app_user (id),
    updated_by BLOB NOT NULL REFERENCES app_user (id),
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    CHECK ((kind = 'safety') = (safety IS NOT NULL))
);
CREATE INDEX activity_sync_idx ON activity (class_id, change_seq);
CREATE INDEX activity_class_day_idx ON activity (class_id, activity_date);

-- Which records show which photos, and to whom (app::domain::photos::PhotoAudience): a photo
-- request is answered by these rows. A record may name a photo its phone has not sent yet.
CREATE TABLE photo_ref (
    school_id BLOB NOT NULL REFERENCES school (id),
    photo_id TEXT NOT NULL CHECK (length(photo_id) = 64),
    table_name TEXT NOT NULL,
    row_id BLOB NOT NULL,
    class_id BLOB NOT NULL REFERENCES school_class (id),
    audience TEXT NOT NULL CHECK (audience IN ('class', 'parents')),
    PRIMARY KEY (school_id, photo_id, table_name, row_id)
);
CREATE INDEX photo_ref_row_idx ON photo_ref (table_name, row_id);
