package esdbtest

import (
	"context"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
)

// serverVersion must be numeric major.minor.patch: the client fails discovery otherwise.
const serverVersion = "23.10.0"

// featuresServer answers the call the client makes right after connecting. It advertises
// only the streams methods: no persistent subscriptions and no batch append.
type featuresServer struct {
	serverfeatures.UnimplementedServerFeaturesServer
}

// GetSupportedMethods lists what this double serves.
func (featuresServer) GetSupportedMethods(context.Context, *shared.Empty) (*serverfeatures.SupportedMethods, error) {
	var methods []*serverfeatures.SupportedMethod
	for _, m := range []string{"read", "append", "delete", "tombstone"} {
		methods = append(methods, &serverfeatures.SupportedMethod{
			MethodName: m, ServiceName: "event_store.client.streams.streams",
		})
	}
	return &serverfeatures.SupportedMethods{Methods: methods, EventStoreServerVersion: serverVersion}, nil
}
