-- Version 15: OAuth tokens an organization administrator assigns to a user (Quay's
-- `oauthassignedtoken`), for the user to grant in the browser or decline. Deleting the
-- application or the user deletes them.

CREATE TABLE assigned_token (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    app_id        INTEGER NOT NULL REFERENCES oauth_application(id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    redirect_uri  TEXT NOT NULL,
    scope         TEXT NOT NULL,
    response_type TEXT NOT NULL
);
CREATE INDEX assigned_token_user ON assigned_token (user_id);
