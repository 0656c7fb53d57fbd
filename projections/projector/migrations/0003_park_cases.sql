-- A handler failing on an event parks that event's case (its stream), not the projection:
-- every stream may have one open dead letter, its later events wait behind it, and the other
-- cases flow on.
DROP INDEX projector.dead_letters_one_open;
CREATE UNIQUE INDEX dead_letters_one_open_per_stream ON projector.dead_letters (projection, generation, stream)
    WHERE resolution IS NULL;
