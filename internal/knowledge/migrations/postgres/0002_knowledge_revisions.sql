-- A new version of a published item, written while the published one
-- stays what the public reads (four-eyes principle): it goes through
-- draft and review on its own and replaces the item's row only when a
-- second editor publishes it. One per item; content is the item as JSON.
CREATE TABLE knowledge_revisions (
    item_id     BIGINT PRIMARY KEY REFERENCES knowledge_items(id),
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL,
    content     TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  BIGINT REFERENCES users(id)
);
