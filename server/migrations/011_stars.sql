-- Version 11: stars (Quay's `star`): a user's star on a repository, one per pair. Deleting the
-- user or the repository deletes its stars.

CREATE TABLE star (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    UNIQUE (user_id, repository_id)
);
CREATE INDEX star_repository ON star (repository_id);
