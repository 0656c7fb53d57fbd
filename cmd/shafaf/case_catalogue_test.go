package main

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestCatalogueOverHTTP(t *testing.T) {
	t.Parallel()
	app := MustOpenApp(t)
	c := client{tb: t, base: app.URL()}
	var list struct {
		Version  string `json:"version"`
		Services []struct {
			Key string `json:"key"`
		} `json:"services"`
	}
	r := c.get("/v1/catalogue")
	wantStatus(t, r, http.StatusOK)
	r.json(t, &list)
	if list.Version != "2026.3" || len(list.Services) != 37 {
		t.Fatalf("catalogue %s with %d services", list.Version, len(list.Services))
	}
	var one struct {
		Version string `json:"version"`
		Service struct {
			Key      string `json:"key"`
			Deadline struct {
				Days int `json:"days"`
			} `json:"deadline"`
			Steps []struct {
				Step  string   `json:"step"`
				Roles []string `json:"roles"`
			} `json:"steps"`
		} `json:"service"`
	}
	r = c.get("/v1/catalogue/permit.new?version=2026.1")
	wantStatus(t, r, http.StatusOK)
	r.json(t, &one)
	if one.Version != "2026.1" || one.Service.Key != "permit.new" || one.Service.Deadline.Days != 15 {
		t.Fatalf("service %s", r.body)
	}
	// Who acts on a step is the access policy's answer: a clerk records a payment, which the
	// catalogue's own list once gave to the applicant alone.
	for _, s := range one.Service.Steps {
		if s.Step == "payment" && strings.Join(s.Roles, ",") != "clerk,admin" {
			t.Fatalf("payment step shows roles %v, the policy lets clerk and admin record payments", s.Roles)
		}
	}
	wantProblem(t, c.get("/v1/catalogue/permit.teleport"), http.StatusNotFound, "not_found")
	wantProblem(t, c.get("/v1/catalogue?version=1999.1"), http.StatusNotFound, "not_found")
}

func TestCatalogueValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		file      string
		wantErr   bool
		wantLines []string
	}{
		{"accepts the embedded catalogue", "../../domain/catalogue/data/catalogue-2026.2.json", false, []string{"valid"}},
		{"reports each problem with its line and location", "../../domain/catalogue/testdata/broken.json", true, []string{
			"broken.json:6: documents.id.fa: missing Persian text",
			`broken.json:22: services[0].steps[1].step: unknown step "teleport"`,
			`broken.json:23: services[0].steps[2].roles: who may act on a step is the access policy's (domain/access), not the catalogue's`,
			"broken.json:27: services[0].deadline.days: deadline must be positive, not 0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), []string{"catalogue", "validate", tt.file}, &out, &errOut)
			var usage usageError
			if (err != nil) != tt.wantErr || errors.As(err, &usage) {
				t.Fatalf("error %v, want one: %v (exit 1, not a usage error)", err, tt.wantErr)
			}
			for _, line := range tt.wantLines {
				if !strings.Contains(out.String(), line) {
					t.Errorf("output lacks %q:\n%s", line, out.String())
				}
			}
		})
	}
}
