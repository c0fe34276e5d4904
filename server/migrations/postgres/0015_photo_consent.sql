-- A guardian's choice about photos of their child (app::domain::photos::PhotoConsent): until
-- they are asked, photos stay inside the school.
ALTER TABLE student ADD COLUMN photo_consent TEXT NOT NULL DEFAULT 'school_only'
    CHECK (photo_consent IN ('allowed', 'school_only', 'not_allowed'));
