-- Canteen accompany-meal reports (陪餐记录, app::domain::meals): a parent-committee member's
-- ratings of a meal eaten with a class, with notes and photos (a JSON list of ids, each also
-- in photo_ref), and staff's reply. The id comes from the phone, so a resent report is kept once.
CREATE TABLE meal_report (
    id BLOB PRIMARY KEY NOT NULL,
    school_id BLOB NOT NULL REFERENCES school (id),
    class_id BLOB NOT NULL REFERENCES school_class (id),
    author_id BLOB NOT NULL REFERENCES app_user (id),
    meal_date DATE NOT NULL,
    meal TEXT NOT NULL CHECK (meal IN ('breakfast', 'lunch', 'dinner')),
    taste SMALLINT NOT NULL CHECK (taste BETWEEN 1 AND 5),
    quantity SMALLINT NOT NULL CHECK (quantity BETWEEN 1 AND 5),
    hygiene SMALLINT NOT NULL CHECK (hygiene BETWEEN 1 AND 5),
    temperature SMALLINT NOT NULL CHECK (temperature BETWEEN 1 AND 5),
    notes TEXT NOT NULL,
    photos TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reply TEXT,
    replied_by BLOB REFERENCES app_user (id),
    replied_at TEXT
);
-- Staff read a school's month; a member reads their own.
CREATE INDEX meal_report_month_idx ON meal_report (school_id, meal_date);
CREATE INDEX meal_report_author_idx ON meal_report (author_id, meal_date);
