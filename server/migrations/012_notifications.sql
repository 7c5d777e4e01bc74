-- Version 12: user notifications (Quay's `notification`): addressed to a user or to an
-- organization (its admins read them), dismissible. Deleting the target deletes them.

CREATE TABLE notification (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    target_id   INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    metadata    TEXT NOT NULL,
    lookup_path TEXT,
    dismissed   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX notification_target ON notification (target_id, dismissed);
