-- A grade's or the whole school's activity (app::domain::activities::Organised), recorded by
-- staff once for each class that held it: each copy names its level and the group the copies
-- share, so they are corrected and withdrawn together. Both or neither.
ALTER TABLE activity ADD COLUMN organised_level TEXT CHECK (organised_level IN ('grade', 'school'));
ALTER TABLE activity ADD COLUMN organised_group BLOB
    CHECK ((organised_group IS NULL) = (organised_level IS NULL));
CREATE INDEX activity_group_idx ON activity (organised_group);
