package esdbtest

// systemEvents are what a fresh EventStoreDB writes to $all before any user event, so that
// adapters are tested against a log that is not theirs alone.
var systemEvents = []struct{ stream, eventType, data string }{
	{"$$$stats-127.0.0.1:2113", "$metadata", `{"$maxAge":86400}`},
	{"$$$user-ops", "$metadata", `{"$maxAge":2592000}`},
	{"$$$scavenges", "$metadata", `{"$maxAge":2592000}`},
	{"$projections-$all", "$ProjectionsInitialized", `{}`},
	{"$projections-$users", "$ProjectionCreated", `"$users"`},
}

func (d *db) seedSystemEvents() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, e := range systemEvents {
		d.appendNext(e.stream, []proposed{{
			id: newID(), eventType: e.eventType, contentType: "application/json", data: []byte(e.data),
		}})
	}
}
