-- Appends are one plain statement now (eventstore/postgres/append_sql.go), which writes a batch
-- of appends at once; the PL/pgSQL function of 0003 is no longer called.
DROP FUNCTION eventstore_append(text, bigint, uuid[], text[], json[], json[], boolean);
