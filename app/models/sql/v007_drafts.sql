-- Schema version 7: drafts being written, kept locally so a crash loses at most a few
-- seconds of typing. Attachment bytes are copied in, so a draft does not depend on files
-- or messages that may go away; "open" marks a draft a compose window holds, for recovery.
-- AUTOINCREMENT: a window still holding a discarded draft's id must never save over a new one.
CREATE TABLE "draft" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "account" TEXT NOT NULL DEFAULT '', "to_addrs" TEXT NOT NULL DEFAULT '[]', "cc_addrs" TEXT NOT NULL DEFAULT '[]', "bcc_addrs" TEXT NOT NULL DEFAULT '[]', "subject" TEXT NOT NULL DEFAULT '', "body" TEXT NOT NULL DEFAULT '', "mode" TEXT NOT NULL DEFAULT 'new', "source_id" INTEGER REFERENCES "message" ("id") ON DELETE SET NULL, "in_reply_to" TEXT, "references" TEXT NOT NULL DEFAULT '', "open" INTEGER NOT NULL DEFAULT 0, "created_at" INTEGER NOT NULL, "updated_at" INTEGER NOT NULL);
CREATE INDEX "draft_updated_at" ON "draft" ("updated_at");
CREATE TABLE "draft_attachment" ("id" INTEGER NOT NULL PRIMARY KEY, "draft_id" INTEGER NOT NULL REFERENCES "draft" ("id") ON DELETE CASCADE, "position" INTEGER NOT NULL, "filename" TEXT NOT NULL, "content_type" TEXT NOT NULL DEFAULT '', "size" INTEGER NOT NULL, "data" BLOB NOT NULL);
CREATE INDEX "draft_attachment_draft_id" ON "draft_attachment" ("draft_id");
