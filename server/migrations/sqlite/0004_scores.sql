-- Scoring rules per term (base score, red flags per grade, appeal window), how many students
-- an entry names (a student-level entry counts once per student), and the index the weekly
-- board and the exports read entries by.
ALTER TABLE term ADD COLUMN base_score_tenths INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE term ADD COLUMN red_flags_per_grade INTEGER NOT NULL DEFAULT 1;
ALTER TABLE term ADD COLUMN appeal_days INTEGER NOT NULL DEFAULT 3;

CREATE INDEX check_entry_day_idx ON check_entry (school_id, entry_date);

ALTER TABLE check_entry ADD COLUMN student_count INTEGER NOT NULL DEFAULT 0;
-- student_ids is the server's compact JSON of UUIDs: 39 characters per id, plus one.
UPDATE check_entry SET student_count = (LENGTH(student_ids) - 1) / 39;
