-- Schema version 3: drop indexes that a wider index already covers. Each one cost a B-tree
-- update for every stored message.
DROP INDEX message_account_id;
DROP INDEX message_folder_id;
DROP INDEX message_thread_id;
