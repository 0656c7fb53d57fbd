package main

import (
	"strconv"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/httpapi"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// setting is one environment variable the binary reads. The table below is the only list of
// them: `serve -h`, docs/configuration.md (`go generate ./cmd/shafaf`) and the start-up check
// of `serve` all come from it, and TestEverySettingReadIsInTheTable fails for a variable the
// code reads that is missing here.
type setting struct {
	name  string
	topic string
	kind  kind
	// def is the value in force when the variable is unset, as an operator would write it;
	// empty when unset means "off" or "none".
	def  string
	help string
}

//go:generate sh -c "go run . config markdown > ../../docs/configuration.md"

// settings is every environment variable, grouped by topic in the order the docs show them.
// Adding a setting is one line here.
var settings = []setting{
	{"DATABASE_URL", topicStores, kindURL, "", "PostgreSQL for read models, checkpoints, locks and (unless SHAFAF_EVENTSTORE is set) the event log: postgres://user:pass@host:5432/db. Required by serve, migrate and projections"},
	{"SHAFAF_EVENTSTORE", topicStores, kindURL, "", "the event log in EventStoreDB instead of PostgreSQL: esdb://user:pass@node1:2113,node2:2113?tls=true&tlsCAFile=/certs/ca.crt (see docs/deploy.md)"},
	{catchUpBatchEnv, topicStores, kindCount, strconv.Itoa(serveCatchUpBatch), "events a read model applies per transaction while catching up; 0 means the runtime's default. Operator commands default to the runtime's own"},
	{"SHAFAF_HTTP_ADDR", topicHTTP, kindText, defaultAddr, "listen address (flag -addr)"},
	{"SHAFAF_HTTP_READ_TIMEOUT", topicHTTP, kindDuration, httpapi.DefaultTimeouts.Read.String(), "longest time to read a request, headers and body; larger uploads get more, at 512 kbit/s (flag -read-timeout)"},
	{"SHAFAF_HTTP_WRITE_TIMEOUT", topicHTTP, kindDuration, httpapi.DefaultTimeouts.Write.String(), "longest time to handle a request and write its answer, downloads included (flag -write-timeout)"},
	{"SHAFAF_HTTP_IDLE_TIMEOUT", topicHTTP, kindDuration, httpapi.DefaultTimeouts.Idle.String(), "longest time a keep-alive connection waits for its next request (flag -idle-timeout)"},
	{"SHAFAF_TRUSTED_PROXIES", topicHTTP, kindCIDRs, "", "comma-separated IPs and CIDRs of the reverse proxies whose X-Forwarded-For is believed; never a range clients can send from"},
	{"SHAFAF_CORS_ORIGIN", topicHTTP, kindText, "", "the one browser origin allowed to call the API cross-origin (https://portal.city.example); unset: none"},
	{"SHAFAF_TLS_PROXY", topicHTTP, kindBool, "false", "true when a TLS-terminating proxy in front sets X-Forwarded-Proto, so HTTPS answers carry HSTS"},
	{"SHAFAF_JWKS_URL", topicIdentity, kindURL, "", "the provider's key set (Keycloak: https://sso/realms/city/protocol/openid-connect/certs); one of this or SHAFAF_JWT_PUBLIC_KEY_FILE is required by serve"},
	{"SHAFAF_JWT_PUBLIC_KEY_FILE", topicIdentity, kindFile, "", "a PEM public key or certificate, for providers without a key set URL"},
	{"SHAFAF_JWT_ISSUER", topicIdentity, kindText, "", "the exact iss of accepted tokens, trailing slash included. Required"},
	{"SHAFAF_JWT_AUDIENCE", topicIdentity, kindList, "", "comma-separated audiences; a token must carry at least one. Required"},
	{"SHAFAF_JWT_ALGORITHMS", topicIdentity, kindList, "RS256,ES256", "comma-separated signing algorithms accepted (RS*, PS*, ES*, EdDSA; never HS*)"},
	{"SHAFAF_JWT_ROLES_CLAIM", topicIdentity, kindText, auth.DefaultRolesClaim, "claim path of the caller's roles (a JSON array or a space/comma separated string)"},
	{"SHAFAF_JWT_DEPARTMENT_CLAIM", topicIdentity, kindText, auth.DefaultDepartmentClaim, "claim path of a staff member's department"},
	{"SHAFAF_JWT_NATIONAL_ID_CLAIM", topicIdentity, kindText, auth.DefaultNationalIDClaim, "claim path of an applicant's national ID"},
	{"SHAFAF_DATA_DIR", topicDocuments, kindText, defaultDataDir, "the server's data directory: uploaded files go to DIR/documents unless SHAFAF_BLOBS says otherwise"},
	{"SHAFAF_BLOBS", topicDocuments, kindText, "", "where uploaded files live instead: a directory, or s3://KEY:SECRET@host:port/bucket?tls=false"},
	{"SHAFAF_DOCUMENT_MAX_BYTES", topicDocuments, kindBytes, strconv.Itoa(documents.DefaultMaxBytes), "largest uploaded file, in bytes"},
	{"SHAFAF_DOCUMENT_QUOTA_BYTES", topicDocuments, kindBytes, strconv.Itoa(documents.DefaultQuotaBytes), "most bytes of files one case may hold"},
	{"GOMEMLIMIT", topicRuntime, kindText, "150MiB", "Go's soft memory limit (read by the Go runtime); serve sets 150MiB and projections rebuild 1GiB when unset"},
	{"GOGC", topicRuntime, kindText, "100", "Go's collector target (read by the Go runtime); projections rebuild sets 400 when unset"},
}

// Topics, in the order the docs and `serve -h` show them.
const (
	topicStores    = "Stores"
	topicHTTP      = "HTTP"
	topicIdentity  = "Identity provider"
	topicDocuments = "Documents"
	topicRuntime   = "Go runtime"
)

var topics = []string{topicStores, topicHTTP, topicIdentity, topicDocuments, topicRuntime}

// defaultAddr is where serve listens unless SHAFAF_HTTP_ADDR or -addr says otherwise.
const defaultAddr = ":8080"
