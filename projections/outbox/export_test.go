package outbox

// DueSQL is the dispatcher's due query, for its plan test.
const DueSQL = dueSQL
