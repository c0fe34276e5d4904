-- The term calendar: weekdays off (holidays such as 国庆) and weekend days made up for them
-- (调休), stored as dates and runs of dates (`2026-10-01~2026-10-07,2026-10-10`).
ALTER TABLE term ADD COLUMN days_off TEXT NOT NULL DEFAULT '';
ALTER TABLE term ADD COLUMN make_up_days TEXT NOT NULL DEFAULT '';
