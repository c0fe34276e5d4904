-- A check entry's optional evidence photo (证据照片, DESIGN §2.1): the photo's id, also in
-- photo_ref with the 'class' audience, so the class's teachers and the staff over it may see
-- it and a parent never does.
ALTER TABLE check_entry ADD COLUMN photo TEXT CHECK (photo IS NULL OR length(photo) = 64);
