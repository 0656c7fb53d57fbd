// Package outbox turns events of the log into messages to people and other systems, and
// records every attempt outside the case streams (schema notify).
//
// Two parts, each with one active instance:
//   - Planner is a read model of the projector runtime: it reads the log with its own checkpoint
//     under the runtime's advisory lock and, in the same transaction that moves the checkpoint,
//     queues the deliveries each event causes, keyed by event id + channel + recipient. A crash
//     neither skips an event nor queues it twice.
//   - Dispatcher sends what is queued, oldest first and one message of a case and channel at a
//     time (a later message never overtakes an earlier one), with backoff and jitter, and dead
//     letters after MaxAttempts. It passes the delivery's seq to the provider as its duplicate
//     guard (Kavenegar's localid): a crash after the provider accepted a message and before the
//     log recorded it sends the message again with the same guard, and the provider drops it.
//
// docs/notifications.md is the operator's guide.
package outbox
