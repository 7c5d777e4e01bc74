-- Version 1 of quay-server's database: the objects of the contract's operations.
-- Namespaces (users, organizations, robots) share one table as in Quay.

CREATE TABLE namespace (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('user', 'org', 'robot')),
    email           TEXT,
    password_hash   TEXT,
    enabled         INTEGER NOT NULL DEFAULT 1,
    verified        INTEGER NOT NULL DEFAULT 1,
    -- robots: the owning organization or user
    owner_id        INTEGER REFERENCES namespace(id) ON DELETE CASCADE,
    robot_token     TEXT,
    description     TEXT NOT NULL DEFAULT '',
    unstructured_metadata TEXT NOT NULL DEFAULT '{}',
    invoice_email   INTEGER NOT NULL DEFAULT 0,
    invoice_email_address TEXT,
    tag_expiration_s INTEGER NOT NULL DEFAULT 1209600,
    created_at      TEXT NOT NULL
);

CREATE TABLE team (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('member', 'creator', 'admin')),
    description TEXT NOT NULL DEFAULT '',
    UNIQUE (org_id, name)
);

CREATE TABLE team_member (
    team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE team_invite (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES namespace(id) ON DELETE CASCADE,
    email      TEXT,
    inviter_id INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    code       TEXT NOT NULL UNIQUE
);

CREATE TABLE repository (
    id           INTEGER PRIMARY KEY,
    namespace_id INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
    description  TEXT,
    kind         TEXT NOT NULL DEFAULT 'image',
    state        TEXT NOT NULL DEFAULT 'NORMAL',
    created_at   TEXT NOT NULL,
    UNIQUE (namespace_id, name)
);

CREATE TABLE repo_user_permission (
    repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    PRIMARY KEY (repo_id, user_id)
);

CREATE TABLE repo_team_permission (
    repo_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    PRIMARY KEY (repo_id, team_id)
);

CREATE TABLE oauth_application (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    client_id       TEXT NOT NULL UNIQUE,
    client_secret   TEXT NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    application_uri TEXT NOT NULL DEFAULT '',
    redirect_uri    TEXT NOT NULL DEFAULT '',
    avatar_email    TEXT
);

-- OAuth access tokens: minted by initializeUser, createOrganizationApplicationToken and the
-- `mint-token` command. Only a SHA-256 of the token is stored.
CREATE TABLE access_token (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    app_id        INTEGER REFERENCES oauth_application(id) ON DELETE CASCADE,
    scope         TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    created_by_id INTEGER REFERENCES namespace(id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    last_accessed TEXT
);

CREATE TABLE proxy_cache_config (
    org_id            INTEGER PRIMARY KEY REFERENCES namespace(id) ON DELETE CASCADE,
    upstream_registry TEXT NOT NULL,
    username          TEXT,
    password          TEXT,
    expiration_s      INTEGER NOT NULL DEFAULT 86400,
    insecure          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE quota (
    id           INTEGER PRIMARY KEY,
    namespace_id INTEGER NOT NULL UNIQUE REFERENCES namespace(id) ON DELETE CASCADE,
    limit_bytes  INTEGER NOT NULL
);

CREATE TABLE quota_limit (
    id            INTEGER PRIMARY KEY,
    quota_id      INTEGER NOT NULL REFERENCES quota(id) ON DELETE CASCADE,
    type          TEXT NOT NULL CHECK (type IN ('Warning', 'Reject')),
    limit_percent INTEGER NOT NULL
);

CREATE TABLE service_key (
    kid               TEXT PRIMARY KEY,
    name              TEXT NOT NULL DEFAULT '',
    service           TEXT NOT NULL,
    jwk               TEXT NOT NULL,
    metadata          TEXT NOT NULL DEFAULT '{}',
    created_at        TEXT NOT NULL,
    expiration        TEXT,
    rotation_duration INTEGER,
    approver_id       INTEGER REFERENCES namespace(id) ON DELETE SET NULL,
    approval_type     TEXT,
    approved_at       TEXT,
    approval_notes    TEXT
);

CREATE TABLE log_entry (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    performer_id INTEGER REFERENCES namespace(id) ON DELETE SET NULL,
    account_id   INTEGER REFERENCES namespace(id) ON DELETE SET NULL,
    ip           TEXT,
    metadata     TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL
);
CREATE INDEX log_entry_created ON log_entry (created_at);

CREATE TABLE registry_size (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    size_bytes INTEGER NOT NULL DEFAULT 0,
    last_ran   INTEGER,
    queued     INTEGER NOT NULL DEFAULT 0,
    running    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO registry_size (id) VALUES (1);
