-- The one question this table answers is one actor's actions, newest first (query.go). No query
-- reads it by case (a case's history is its stream), so actor_activity_by_case only cost a third
-- index to build after every catch-up and to maintain on every insert. by_actor drops the
-- tie-breakers: ties on `at` are few, and an incremental sort orders them; the index is 40 %
-- of its size with them and builds faster.
DROP INDEX actor_activity_by_case;
DROP INDEX actor_activity_by_actor;
CREATE INDEX actor_activity_by_actor ON actor_activity (actor_id, at DESC);
