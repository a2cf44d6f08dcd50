-- Schema version 6: CRM details. Phonetic names (furigana) for people, the lead source kept
-- on conversion, when a task was done, one link per (message, person) so automatic linking
-- can run again safely, and how far automatic linking has got through the stored mail.
ALTER TABLE lead ADD COLUMN last_name_kana TEXT NOT NULL DEFAULT '';
ALTER TABLE lead ADD COLUMN first_name_kana TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN last_name_kana TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN first_name_kana TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE activity ADD COLUMN done_at INTEGER;
DELETE FROM email_link WHERE id NOT IN (SELECT MIN(id) FROM email_link GROUP BY message_id, lead_id, contact_id);
DROP INDEX email_link_message_id_lead_id;
DROP INDEX email_link_message_id_contact_id;
-- NULLs are distinct in a UNIQUE index, so each index only constrains its own kind of owner.
CREATE UNIQUE INDEX email_link_message_id_lead_id ON email_link (message_id, lead_id);
CREATE UNIQUE INDEX email_link_message_id_contact_id ON email_link (message_id, contact_id);
CREATE TABLE "link_progress" ("id" INTEGER NOT NULL PRIMARY KEY, "message_id" INTEGER NOT NULL);
