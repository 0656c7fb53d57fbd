package main

import (
	"strconv"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal"
	"github.com/shafaf-city/shafaf/httpapi"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
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
	{"DATABASE_URL", topicStores, kindURL, "", "PostgreSQL for read models, checkpoints, locks and (unless SHAFAF_EVENTSTORE is set) the event log: postgres://user:pass@host:5432/db. Each process opens up to " + strconv.Itoa(defaultPoolSize) + " connections unless the URL sets pool_max_conns. Required by serve, migrate and projections"},
	{"SHAFAF_EVENTSTORE", topicStores, kindURL, "", "the event log in EventStoreDB instead of PostgreSQL: a cluster, esdb+discover://user:pass@cluster-dns-name:2113?tls=true&tlsCAFile=/certs/ca.crt or its nodes as seeds, esdb://user:pass@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=… (see docs/deploy.md)"},
	{catchUpBatchEnv, topicStores, kindCount, strconv.Itoa(serveCatchUpBatch), "events a read model applies per transaction while catching up; 0 means the runtime's default. Operator commands default to the runtime's own"},
	{"SHAFAF_HTTP_ADDR", topicHTTP, kindText, defaultAddr, "listen address (flag -addr)"},
	{"SHAFAF_HTTP_READ_TIMEOUT", topicHTTP, kindDuration, httpapi.DefaultTimeouts.Read.String(), "longest time to read a request, headers and body; larger uploads get more, at 512 kbit/s (flag -read-timeout)"},
	{"SHAFAF_HTTP_WRITE_TIMEOUT", topicHTTP, kindDuration, httpapi.DefaultTimeouts.Write.String(), "longest time to handle a request and write its answer, downloads included (flag -write-timeout)"},
	{"SHAFAF_HTTP_IDLE_TIMEOUT", topicHTTP, kindDuration, httpapi.DefaultTimeouts.Idle.String(), "longest time a keep-alive connection waits for its next request (flag -idle-timeout)"},
	{"SHAFAF_TRUSTED_PROXIES", topicHTTP, kindCIDRs, "", "comma-separated IPs and CIDRs of the reverse proxies whose X-Forwarded-For is believed; never a range clients can send from"},
	{"SHAFAF_CORS_ORIGIN", topicHTTP, kindText, "", "the one browser origin allowed to call the API cross-origin (https://portal.city.example); unset: none"},
	{"SHAFAF_TLS_PROXY", topicHTTP, kindBool, "false", "true when a TLS-terminating proxy in front sets X-Forwarded-Proto, so HTTPS answers carry HSTS"},
	{"SHAFAF_OIDC_ISSUER", topicIdentity, kindURL, "", "the provider's issuer, exactly as its tokens' iss says it (Keycloak: https://sso.city.example/realms/city): its key set is discovered from ISSUER/.well-known/openid-configuration, whose issuer must match. serve needs this, SHAFAF_JWKS_URL or SHAFAF_JWT_PUBLIC_KEY_FILE"},
	{"SHAFAF_JWKS_URL", topicIdentity, kindURL, "", "the provider's key set, for providers without discovery (Keycloak: https://sso/realms/city/protocol/openid-connect/certs); not the openid-configuration document"},
	{"SHAFAF_JWT_PUBLIC_KEY_FILE", topicIdentity, kindFile, "", "a PEM public key or certificate, for providers without a key set URL"},
	{"SHAFAF_JWT_ISSUER", topicIdentity, kindText, "", "the exact iss of accepted tokens, trailing slash included; defaults to SHAFAF_OIDC_ISSUER, required otherwise"},
	{"SHAFAF_JWT_AUDIENCE", topicIdentity, kindList, "", "comma-separated audiences; a token must carry at least one (Keycloak: add an audience mapper to the client). Required"},
	{"SHAFAF_JWT_ALGORITHMS", topicIdentity, kindList, "RS256,ES256", "comma-separated signing algorithms accepted (RS*, PS*, ES*, EdDSA; never HS*)"},
	{"SHAFAF_JWT_ROLES_CLAIM", topicIdentity, kindText, auth.DefaultRolesClaim, `claim path of the caller's roles, a JSON array or a space/comma separated string: dot-separated names, a name holding dots in double quotes (resource_access."shafaf.api".roles); flat providers: roles`},
	{"SHAFAF_JWT_ROLE_MAP", topicIdentity, kindMap, "", "provider role or group names to Shafaf roles (" + roleNames() + "), as name=role,name2=role: when set only mapped names count; unset, the provider uses Shafaf's names. A token with no role gets 403 access.no_role naming the claim read and what it held"},
	{"SHAFAF_JWT_DEPARTMENT_CLAIM", topicIdentity, kindText, auth.DefaultDepartmentClaim, "claim path of a staff member's department"},
	{"SHAFAF_JWT_DEPARTMENT_MAP", topicIdentity, kindMap, "", "provider department values to Shafaf's, as value=department,…: when set an unmapped value is no department; unset, values are taken as they are"},
	{"SHAFAF_JWT_NATIONAL_ID_CLAIM", topicIdentity, kindText, auth.DefaultNationalIDClaim, "claim path of an applicant's national ID"},
	{"SHAFAF_JWKS_MAX_AGE", topicIdentity, kindDuration, auth.DefaultKeysMaxAge.String(), "longest a fetched key set is trusted (a shorter Cache-Control max-age wins), so a key the provider removed stops verifying; a token naming an unknown key refetches at once (3 at once, then one per 10s)"},
	{"SHAFAF_OIDC_CA_FILE", topicIdentity, kindFile, "", "PEM file of the CA(s) that sign the provider's HTTPS certificate, trusted besides the system's"},
	{"SHAFAF_DATA_DIR", topicDocuments, kindText, defaultDataDir, "the server's data directory: uploaded files go to DIR/documents unless SHAFAF_BLOBS says otherwise"},
	{"SHAFAF_BLOBS", topicDocuments, kindText, "", "where uploaded files live instead: a directory, or s3://KEY:SECRET@host:port/bucket?tls=false"},
	{"SHAFAF_DOCUMENT_MAX_BYTES", topicDocuments, kindBytes, strconv.Itoa(documents.DefaultMaxBytes), "largest uploaded file, in bytes"},
	{"SHAFAF_DOCUMENT_QUOTA_BYTES", topicDocuments, kindBytes, strconv.Itoa(documents.DefaultQuotaBytes), "most bytes of files one case may hold"},
	{tlogKeyFileEnv, topicTransparency, kindFile, "", "the municipality's Ed25519 signing key for the event log's checkpoints, a note key made by `shafaf transparency keygen`; without it (or SHAFAF_TLOG_KEY) no checkpoint is signed"},
	{tlogKeyEnv, topicTransparency, kindText, "", "the same signing key given inline instead of as a file"},
	{tlogEveryEnv, topicTransparency, kindDuration, defaultCheckpointEvery.String(), "how often a checkpoint is signed while events arrive"},
	{publicURLEnv, topicNotifications, kindURL, defaultPublicURL, "the public site's address, which the links in messages, a printable certificate's QR code and a case's certificate_url start with; unset, messages use the default and the pages and the API the address they were asked at"},
	{smsProviderEnv, topicNotifications, kindText, "log", "where SMS go: kavenegar, log (written to the server log, for `make run`) or off (they stay queued)"},
	{kavenegarKeyEnv, topicNotifications, kindText, "", "Kavenegar's API key; never logged"},
	{kavenegarSenderEnv, topicNotifications, kindText, "", "the Kavenegar line messages are sent from (10004346)"},
	{kavenegarURLEnv, topicNotifications, kindURL, kavenegar.DefaultBaseURL, "Kavenegar's API address"},
	{paymentGatewayEnv, topicPayments, kindText, "off", "the internet payment gateway applicants pay fees through: zarinpal or off (bills are still issued, payable at banks and the counter); `shafaf dev` serves a sandbox gateway"},
	{zarinpalMerchantEnv, topicPayments, kindText, "", "Zarinpal's 36-character merchant code; never logged"},
	{zarinpalURLEnv, topicPayments, kindURL, zarinpal.DefaultBaseURL, "Zarinpal's address (its sandbox: https://sandbox.zarinpal.com)"},
	{paymentCallbackEnv, topicPayments, kindURL, "", "the public address the gateway sends payers back to (+ /v1/payments/callback); unset: SHAFAF_PUBLIC_URL"},
	{billCompanyEnv, topicPayments, kindText, "000", "the 3-digit company code the banks gave the municipality, carried by every bill ID"},
	{"SHAFAF_TOKEN", topicAudit, kindText, "", "`shafaf audit case`: a bearer token allowed to read the case's history (flag --token)"},
	{pprofAddrEnv, topicRuntime, kindText, "", "serve: listen address of Go's profiling endpoints (/debug/pprof/, mutex and block profiles on), on a listener of their own: bind it to 127.0.0.1:6060, never to a public address; unset, none"},
	{"GOMEMLIMIT", topicRuntime, kindText, strconv.Itoa(defaultMemoryLimit>>20) + "MiB", "Go's soft memory limit (read by the Go runtime); the default is serve's, projections rebuild sets 1GiB when unset"},
	{"GOGC", topicRuntime, kindText, strconv.Itoa(defaultGCPercent), "Go's collector target (read by the Go runtime); the default is serve's, projections rebuild sets 400 when unset"},
}

// Topics, in the order the docs and `serve -h` show them.
const (
	topicStores        = "Stores"
	topicHTTP          = "HTTP"
	topicIdentity      = "Identity provider"
	topicDocuments     = "Documents"
	topicTransparency  = "Transparency log"
	topicNotifications = "Notifications"
	topicPayments      = "Payments"
	topicAudit         = "Audit commands"
	topicRuntime       = "Go runtime"
)

var topics = []string{topicStores, topicHTTP, topicIdentity, topicDocuments, topicTransparency, topicNotifications, topicPayments, topicAudit, topicRuntime}

// defaultAddr is where serve listens unless SHAFAF_HTTP_ADDR or -addr says otherwise.
const defaultAddr = ":8080"
