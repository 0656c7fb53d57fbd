-- Secondary indexes of a generation that fills from the start of the log. They are dropped
-- when the generation is created and built in one pass once it has caught up: maintaining
-- them row by row on the way cost more than all the other writes of a rebuild.
CREATE TABLE projector.deferred_indexes (
    schema_name text NOT NULL,
    name        text NOT NULL,
    definition  text NOT NULL,
    PRIMARY KEY (schema_name, name)
);
