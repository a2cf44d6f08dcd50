-- Schema version 4: what Kizuna has taken from each POP3 server. A row outlives the local
-- message, so mail deleted locally is not downloaded again and retention can act on it.
CREATE TABLE "pop_uidl" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "uidl" TEXT NOT NULL, "server_uidl" TEXT NOT NULL, "digest" TEXT NOT NULL, "stored_at" INTEGER NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX "pop_uidl_account_id_uidl" ON "pop_uidl" ("account_id", "uidl");
CREATE INDEX "pop_uidl_account_id_digest" ON "pop_uidl" ("account_id", "digest");
