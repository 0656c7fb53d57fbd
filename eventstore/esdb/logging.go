package esdb

import (
	"fmt"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"go.uber.org/zap"
)

// zapLogging routes the client's logs to zap. The client logs as errors what the adapter
// reports to its callers anyway (dropped subscriptions, failed calls), so those become
// warnings, and its discovery chatter becomes debug.
func zapLogging(l *zap.Logger) es.LoggingFunc {
	return func(level es.LogLevel, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		switch level {
		case es.LogError, es.LogWarn:
			l.Warn(msg)
		default:
			l.Debug(msg)
		}
	}
}
