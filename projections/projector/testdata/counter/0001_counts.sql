-- Events per stream: the simplest read model worth measuring.
CREATE TABLE counts (
    stream text PRIMARY KEY,
    events bigint NOT NULL
);
