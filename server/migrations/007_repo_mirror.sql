-- Version 7: repository mirror configurations (Quay's `repomirrorconfig` with its root
-- `repomirrorrule`), one per repository. The upstream credentials are sealed as Quay's
-- FieldEncrypter seals them; JSON columns hold what Quay's JSONFields hold.

CREATE TABLE repo_mirror (
    repo_id                INTEGER PRIMARY KEY REFERENCES repository(id) ON DELETE CASCADE,
    is_enabled             INTEGER NOT NULL DEFAULT 1,
    robot_id               INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    external_reference     TEXT NOT NULL,
    external_username      TEXT,
    external_password      TEXT,
    registry_config        TEXT NOT NULL DEFAULT '{}',
    architecture_filter    TEXT NOT NULL DEFAULT '[]',
    sync_interval          INTEGER NOT NULL,
    sync_start_date        TEXT,
    sync_expiration_date   TEXT,
    sync_retries_remaining INTEGER NOT NULL DEFAULT 3,
    sync_status            TEXT NOT NULL DEFAULT 'NEVER_RUN'
        CHECK (sync_status IN ('NEVER_RUN', 'SYNC_NOW', 'SYNCING', 'SUCCESS', 'FAIL', 'CANCEL')),
    rule_value             TEXT NOT NULL,
    skopeo_timeout         INTEGER NOT NULL,
    created_at             TEXT NOT NULL
);
CREATE INDEX repo_mirror_robot ON repo_mirror (robot_id);
