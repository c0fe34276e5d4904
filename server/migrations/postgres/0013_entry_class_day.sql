-- Today as the server draws it reads one class's entries of one day.
CREATE INDEX check_entry_class_day_idx ON check_entry (class_id, entry_date);
