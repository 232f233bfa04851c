-- Up Migration
-- Wakes the relay when an event is added, at the commit of the transaction that adds it, from
-- any statement that writes the outbox: no extra round trip for `SELECT pg_notify` per change,
-- and a single-statement change (an order and its event in one INSERT … WITH) needs no
-- transaction block at all. PostgreSQL folds the notifications of one transaction into one.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify();

-- Down Migration
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
