-- Corrections (更正): a new entry names the entry it replaces, which it voided in the same
-- write; the pair is the visible history of the change. One correction per entry.
ALTER TABLE check_entry ADD COLUMN corrects BLOB REFERENCES check_entry (id);
CREATE UNIQUE INDEX check_entry_corrects_key ON check_entry (corrects);
