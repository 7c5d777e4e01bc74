-- Version 13: web sessions (Quay keeps them in Flask's signed `_csrf_token` cookie; here the
-- cookie holds a random key whose SHA-256 is stored). A session starts anonymous with its
-- CSRF token (`GET /csrf_token`) and gets a user at sign-in. Signing out ends every session
-- of the user, as Quay's rotation of the user's uuid does.

CREATE TABLE web_session (
    id          INTEGER PRIMARY KEY,
    key_hash    TEXT NOT NULL UNIQUE,
    user_id     INTEGER REFERENCES namespace(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    login_time  TEXT,
    expires_at  TEXT NOT NULL
);
CREATE INDEX web_session_user ON web_session (user_id);
