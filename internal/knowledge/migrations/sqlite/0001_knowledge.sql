-- Knowledge base (DESIGN §2.5): items of every kind with their tags, the
-- inverted index of pre-stemmed terms (the one Go Dutch stemmer serves
-- both dialects, so both find the same items), the version history of
-- the editorial workflow and the anonymous read counts.
CREATE TABLE knowledge_items (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    easy_body     TEXT NOT NULL DEFAULT '',
    owner         TEXT NOT NULL DEFAULT '',
    review_by     TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    video_url     TEXT NOT NULL DEFAULT '',
    captions      TEXT NOT NULL DEFAULT '',
    transcript    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    INTEGER REFERENCES users(id),
    published_at  TIMESTAMP
);
CREATE INDEX knowledge_items_status ON knowledge_items (status, kind);

-- Tags: facet is rol, fase, aanleiding or thema; value a code of it.
CREATE TABLE knowledge_tags (
    item_id  INTEGER NOT NULL REFERENCES knowledge_items(id),
    facet    TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (item_id, facet, value)
);
CREATE INDEX knowledge_tags_value ON knowledge_tags (facet, value);

-- The inverted index: one row per stem of an item, weight the sum over
-- its fields (title counts 5 per occurrence, summary 3, the rest 1).
CREATE TABLE knowledge_terms (
    term     TEXT NOT NULL,
    item_id  INTEGER NOT NULL REFERENCES knowledge_items(id),
    weight   INTEGER NOT NULL,
    PRIMARY KEY (term, item_id)
);
CREATE INDEX knowledge_terms_item ON knowledge_terms (item_id);

-- Version history: who changed what when; snapshot is the item as JSON
-- after the change, changes the fields that changed.
CREATE TABLE knowledge_versions (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES knowledge_items(id),
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL,
    changed_by  INTEGER REFERENCES users(id),
    changed_at  TIMESTAMP NOT NULL,
    changes     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    snapshot    TEXT NOT NULL,
    UNIQUE (item_id, version)
);

-- Reach, anonymously: during a day, a keyed hash of the visitor with that
-- day's random key (never kept past the day), so a visitor counts once a
-- day; after the day only the count is kept.
CREATE TABLE knowledge_reach_keys (
    day  TEXT PRIMARY KEY,
    key  TEXT NOT NULL
);
CREATE TABLE knowledge_reach_seen (
    day      TEXT NOT NULL,
    visitor  TEXT NOT NULL,
    PRIMARY KEY (day, visitor)
);
CREATE TABLE knowledge_reach_days (
    day       TEXT PRIMARY KEY,
    visitors  INTEGER NOT NULL,
    reads     INTEGER NOT NULL
);
CREATE TABLE knowledge_reads (
    day      TEXT NOT NULL,
    item_id  INTEGER NOT NULL REFERENCES knowledge_items(id),
    reads    INTEGER NOT NULL,
    PRIMARY KEY (day, item_id)
);

-- The three-party conversation guide (client, relative, professional),
-- kept per client as part of the client's record.
CREATE TABLE knowledge_conversations (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    topic       TEXT NOT NULL,
    held_on     TEXT NOT NULL DEFAULT '',
    follow_up   TEXT NOT NULL DEFAULT '',
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES users(id),
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX knowledge_conversations_client ON knowledge_conversations (client_id);
-- What each party (client, naaste, professional) said at each step.
CREATE TABLE knowledge_conversation_views (
    conversation_id  INTEGER NOT NULL REFERENCES knowledge_conversations(id),
    step             TEXT NOT NULL,
    party            TEXT NOT NULL,
    text             TEXT NOT NULL,
    PRIMARY KEY (conversation_id, step, party)
);
CREATE TABLE knowledge_conversation_agreements (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES knowledge_conversations(id),
    what             TEXT NOT NULL,
    who              TEXT NOT NULL DEFAULT '',
    position         INTEGER NOT NULL
);
