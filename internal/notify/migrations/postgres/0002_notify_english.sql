-- A message in its reader's language (issue 15 and every sender): the
-- sender stores the English title and body beside the Dutch ones, and
-- the inbox shows the text in the language of the person reading. Rows
-- from before, and senders that write only Dutch, keep '' here and are
-- shown in Dutch.
ALTER TABLE notifications ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN body_en TEXT NOT NULL DEFAULT '';
