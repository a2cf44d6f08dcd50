-- Schema version 2: full-text search. Trigram tokens find substrings in any script,
-- Japanese included; every indexed value ends with two spaces so that one- and two-character
-- queries can be answered from the term list (see app/mail/search.py).
CREATE VIRTUAL TABLE message_fts USING fts5(
    subject, sender, recipients, body,
    tokenize = 'trigram'
);
CREATE VIRTUAL TABLE message_fts_terms USING fts5vocab(message_fts, 'row');
CREATE INDEX message_unindexed ON message (id) WHERE indexed = 0;
CREATE INDEX message_date ON message (date, id);
