-- Version 2: audit log entries keep the names of the namespaces they refer to
-- once those namespaces are deleted (deleteInstallUser, deleteOrganization, deleting a robot or an
-- organization through its own area), so listAllLogs can still show `performer` and `namespace`.
-- Quay only marks namespaces for deletion and its log entries keep pointing at them; here the rows
-- are removed, so the trigger freezes the name, e-mail and kind into the log entries just before.

ALTER TABLE log_entry ADD COLUMN performer_name TEXT;
ALTER TABLE log_entry ADD COLUMN performer_email TEXT;
ALTER TABLE log_entry ADD COLUMN performer_kind TEXT;
ALTER TABLE log_entry ADD COLUMN account_name TEXT;
ALTER TABLE log_entry ADD COLUMN account_email TEXT;
ALTER TABLE log_entry ADD COLUMN account_kind TEXT;

CREATE TRIGGER namespace_delete_freezes_log_names BEFORE DELETE ON namespace
BEGIN
    UPDATE log_entry SET performer_name = OLD.name, performer_email = OLD.email,
                         performer_kind = OLD.kind
     WHERE performer_id = OLD.id;
    UPDATE log_entry SET account_name = OLD.name, account_email = OLD.email,
                         account_kind = OLD.kind
     WHERE account_id = OLD.id;
END;
