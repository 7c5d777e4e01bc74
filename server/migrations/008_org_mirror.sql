-- Version 8: organization mirror configurations (Quay's `orgmirrorconfig`), one per
-- organization, and the repositories a worker discovered for them (`orgmirrorrepository`).
-- The source credentials are sealed as Quay's FieldEncrypter seals them.

CREATE TABLE org_mirror (
    org_id                 INTEGER PRIMARY KEY REFERENCES namespace(id) ON DELETE CASCADE,
    is_enabled             INTEGER NOT NULL DEFAULT 1,
    registry_type          TEXT NOT NULL CHECK (registry_type IN ('harbor', 'quay')),
    registry_url           TEXT NOT NULL,
    external_namespace     TEXT NOT NULL,
    external_username      TEXT,
    external_password      TEXT,
    registry_config        TEXT NOT NULL DEFAULT '{}',
    robot_id               INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    repository_filters     TEXT NOT NULL DEFAULT '[]',
    visibility             TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
    sync_interval          INTEGER NOT NULL,
    sync_start_date        TEXT,
    sync_expiration_date   TEXT,
    sync_retries_remaining INTEGER NOT NULL DEFAULT 3,
    sync_status            TEXT NOT NULL DEFAULT 'NEVER_RUN'
        CHECK (sync_status IN ('NEVER_RUN', 'SYNC_NOW', 'SYNCING', 'SUCCESS', 'FAIL', 'CANCEL')),
    skopeo_timeout         INTEGER NOT NULL DEFAULT 300,
    created_at             TEXT NOT NULL
);
CREATE INDEX org_mirror_robot ON org_mirror (robot_id);

CREATE TABLE org_mirror_repo (
    id                     INTEGER PRIMARY KEY,
    org_id                 INTEGER NOT NULL REFERENCES org_mirror(org_id) ON DELETE CASCADE,
    name                   TEXT NOT NULL,
    repo_id                INTEGER REFERENCES repository(id) ON DELETE SET NULL,
    discovery_date         TEXT NOT NULL,
    sync_status            TEXT NOT NULL DEFAULT 'NEVER_RUN'
        CHECK (sync_status IN ('CANCEL', 'FAIL', 'NEVER_RUN', 'SUCCESS', 'SYNCING', 'SYNC_NOW', 'SKIP')),
    sync_retries_remaining INTEGER NOT NULL DEFAULT 3,
    last_sync_date         TEXT,
    status_message         TEXT,
    UNIQUE (org_id, name)
);
