-- What each entry adds to its class's day, computed once by the push (entry_value) and
-- stored, so the board, trend and exports add up one rule instead of restating it in SQL.
ALTER TABLE check_entry ADD COLUMN value_tenths BIGINT NOT NULL DEFAULT 0;
UPDATE check_entry SET value_tenths = points_tenths * count * (CASE WHEN student_count > 0 THEN student_count ELSE 1 END);
