package esdb_test

import (
	"context"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/goccy/go-yaml"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// composeFile is the part of a compose file these tests read.
type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Environment map[string]string `yaml:"environment"`
	} `yaml:"services"`
}

func mustCompose(t *testing.T, path string) composeFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f composeFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const clusterCompose = "../../deploy/docker-compose.cluster.yml"

func TestTheClusterComposeFileRunsThreeSecureNodes(t *testing.T) {
	f := mustCompose(t, clusterCompose)
	var nodes []string
	for name, svc := range f.Services {
		if strings.HasPrefix(svc.Image, "eventstore/eventstore:") {
			nodes = append(nodes, name)
		}
	}
	slices.Sort(nodes)
	if len(nodes) != 3 {
		t.Fatalf("%d EventStoreDB nodes %v, want 3", len(nodes), nodes)
	}
	for _, name := range nodes {
		env := f.Services[name].Environment
		var peers []string
		for _, other := range nodes {
			if other != name {
				peers = append(peers, other+":2113")
			}
		}
		if env["EVENTSTORE_CLUSTER_SIZE"] != "3" || env["EVENTSTORE_GOSSIP_SEED"] != strings.Join(peers, ",") {
			t.Errorf("%s: cluster size %q, gossip seeds %q; want 3 and its two peers %v", name,
				env["EVENTSTORE_CLUSTER_SIZE"], env["EVENTSTORE_GOSSIP_SEED"], peers)
		}
		if _, insecure := env["EVENTSTORE_INSECURE"]; insecure || env["EVENTSTORE_CERTIFICATE_FILE"] != "/certs/"+name+"/node.crt" {
			t.Errorf("%s is not secure with its own certificate: %v", name, env)
		}
	}
	cfg, err := es.ParseConnectionString(strings.Replace(connString(f), "tlsCAFile=/certs/ca/ca.crt", "tlsCAFile="+esdbtest.NewCA(t).File, 1))
	if err != nil {
		t.Fatal(err)
	}
	var seeds []string
	for _, s := range cfg.GossipSeeds {
		seeds = append(seeds, s.String())
	}
	if want := []string{nodes[0] + ":2113", nodes[1] + ":2113", nodes[2] + ":2113"}; !slices.Equal(seeds, want) || cfg.DisableTLS {
		t.Errorf("shafaf's SHAFAF_EVENTSTORE seeds %v (TLS off: %v), want %v over TLS", seeds, cfg.DisableTLS, want)
	}
}

// connString is the compose file's SHAFAF_EVENTSTORE with its variables filled in.
func connString(f composeFile) string {
	return regexp.MustCompile(`\$\{[^}]*\}`).ReplaceAllString(f.Services["shafaf"].Environment["SHAFAF_EVENTSTORE"], "PASSWORD")
}

// Every connection string an operator copies (the deploy guide's, the Kubernetes Secret's, the
// cluster compose file's), with its options kept and its hosts, CA file and password pointed at
// a secure test cluster: it reaches the leader as the least-privileged user and follows the
// next one after a leader change.
func TestTheDeployedConnectionStringsFollowTheLeader(t *testing.T) {
	docs := regexp.MustCompile("esdb(\\+discover)?://shafaf:[^\\s`\"]+").FindAllString(mustRead(t, "../../docs/deploy.md"), -1)
	if len(docs) != 2 {
		t.Fatalf("docs/deploy.md shows %d connection strings for user shafaf, want 2: %v", len(docs), docs)
	}
	secret := regexp.MustCompile(`SHAFAF_EVENTSTORE: "([^"]+)"`).FindStringSubmatch(mustRead(t, "../../deploy/k8s/secrets.example.yaml"))
	if secret == nil {
		t.Fatal("deploy/k8s/secrets.example.yaml sets no SHAFAF_EVENTSTORE")
	}
	if strings.Replace(docs[0], "PASSWORD", "CHANGE-ME", 1) != secret[1] {
		t.Errorf("the Kubernetes Secret connects with %s; docs/deploy.md says %s", secret[1], docs[0])
	}
	if svc := "name: eventstore-headless"; !strings.Contains(mustRead(t, "../../deploy/k8s/eventstore.yaml"), svc) ||
		!strings.Contains(secret[1], "@eventstore-headless.shafaf.svc.cluster.local:2113?") {
		t.Errorf("the Kubernetes Secret does not discover through the headless Service eventstore-headless: %s", secret[1])
	}
	for _, tt := range []struct{ source, conn string }{
		{"docs/deploy.md, Kubernetes", docs[0]},
		{"docs/deploy.md, seed list", docs[1]},
		{"deploy/k8s/secrets.example.yaml", secret[1]},
		{"deploy/docker-compose.cluster.yml", connString(mustCompose(t, clusterCompose))},
	} {
		t.Run(tt.source, func(t *testing.T) {
			t.Parallel()
			u, err := url.Parse(tt.conn)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			attempts, _ := strconv.Atoi(q.Get("maxDiscoverAttempts"))
			interval, _ := strconv.Atoi(q.Get("discoveryInterval"))
			if q.Get("tls") != "true" || q.Get("tlsCAFile") == "" || q.Get("nodePreference") != "leader" || attempts*interval < 5000 {
				t.Errorf("%s: want TLS with a CA file, the leader, and discovery lasting 5 s or more", tt.conn)
			}
			c := esdbtest.StartSecureCluster(t)
			c.AddUser("shafaf", "s3cret")
			if _, err := esdbtest.Connect(t, c.URL()).AppendToStream(context.Background(), "$settings", es.AppendToStreamOptions{}, es.EventData{
				EventID: uuid.New(), EventType: "update-default-acl", ContentType: es.ContentTypeJson, Data: deployGuideACL(t),
			}); err != nil {
				t.Fatal(err)
			}
			var hosts []string
			for _, n := range c.Nodes() {
				hosts = append(hosts, n.Addr())
			}
			switch {
			case u.Scheme == "esdb+discover" && !strings.Contains(u.Host, ","):
				u.Host = c.Followers()[0].Addr() // the name that resolves to the nodes
			case u.Scheme == "esdb" && strings.Count(u.Host, ",") == 2:
				u.Host = strings.Join(hosts, ",")
			default:
				t.Fatalf("%s: want esdb+discover:// and one name, or esdb:// and three seeds", tt.conn)
			}
			u.User = url.UserPassword("shafaf", "s3cret")
			q.Set("tlsCAFile", c.CAFile())
			u.RawQuery = q.Encode()

			s := MustOpen(t, u.String())
			name := stream("case")
			mustAppend(t, s, name, eventstore.NoStream, event("case.Opened.v1"))
			c.KillLeader()
			mustAppend(t, s, name, eventstore.Exact(0), event("case.Noted.v1"))
		})
	}
}
