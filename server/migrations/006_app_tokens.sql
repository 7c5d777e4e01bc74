-- Version 6: app-specific tokens (Quay's `appspecificauthtoken`): a 60-character name the token
-- is looked up by, and the 60-character secret after it, sealed as Quay's FieldEncrypter seals it
-- (getAppToken shows the whole code again, so it cannot be a one-way hash).

CREATE TABLE app_token (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    token_name    TEXT NOT NULL UNIQUE,
    token_secret  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expiration    TEXT,
    last_accessed TEXT
);
CREATE INDEX app_token_user ON app_token (user_id);
