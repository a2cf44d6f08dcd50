-- Schema version 8: the message list sorts by sender and by subject as it does by date, by
-- keyset over an index, so a page costs the same at the top and deep in a 100k folder.
-- New rows get their keys from app/mail/sort_keys.py when stored. Rows stored before this
-- step are filled here with SQL's nearest equivalent: ASCII lower(), and for the subject
-- the thread's base subject when the subject ends with it (so "Re: x" sorts as "x").
ALTER TABLE message ADD COLUMN sort_sender TEXT NOT NULL DEFAULT '';
ALTER TABLE message ADD COLUMN sort_subject TEXT NOT NULL DEFAULT '';
UPDATE message SET
  sort_sender = lower(trim(CASE WHEN trim(from_name) <> '' THEN from_name ELSE from_addr END)),
  sort_subject = coalesce(
    (SELECT thread.subject FROM thread WHERE thread.id = message.thread_id
       AND thread.subject <> ''
       AND substr(lower(message.subject), -length(thread.subject)) = thread.subject),
    lower(trim(message.subject)));
CREATE INDEX message_folder_id_sort_sender ON message (folder_id, sort_sender, date);
CREATE INDEX message_folder_id_sort_subject ON message (folder_id, sort_subject, date);
