-- Version 4: global messages (Quay's `messages` table), published by superusers to every user.

CREATE TABLE global_message (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    content    TEXT NOT NULL,
    severity   TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    media_type TEXT NOT NULL CHECK (media_type IN ('text/plain', 'text/markdown'))
);
