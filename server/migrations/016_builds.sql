-- Version 16: repository builds (Quay's `repositorybuild`; queued, never run here: no build
-- worker) and the user files build archives are uploaded to (Quay's user-files storage).
-- Deleting the repository deletes its builds; a deleted pull robot leaves its builds.

CREATE TABLE build (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    repo_id       INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
    phase         TEXT NOT NULL DEFAULT 'waiting',
    display_name  TEXT NOT NULL,
    job_config    TEXT NOT NULL,
    resource_key  TEXT,
    pull_robot_id INTEGER REFERENCES namespace(id) ON DELETE SET NULL,
    started       TEXT NOT NULL,
    logs_archived INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX build_repo ON build (repo_id, started);
CREATE INDEX build_resource ON build (resource_key);

CREATE TABLE user_file (
    uuid         TEXT PRIMARY KEY,
    content_type TEXT,
    content      BLOB NOT NULL,
    created_at   TEXT NOT NULL
);
