-- Version 5: audit log exports (exportOrgLogs, ...). Quay queues them for its export worker;
-- here the server runs the export itself: the document is kept in `document`, served at
-- /exportedlogs/<id>, and announced to `callback_url`.

CREATE TABLE log_export (
    id             TEXT PRIMARY KEY,
    namespace_id   INTEGER REFERENCES namespace(id) ON DELETE CASCADE,
    namespace_name TEXT NOT NULL,
    repository     TEXT,
    start_day      TEXT NOT NULL,
    end_day        TEXT NOT NULL,
    callback_url   TEXT,
    callback_email TEXT,
    status         TEXT NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'success', 'failed')),
    document       TEXT,
    created_at     TEXT NOT NULL
);
