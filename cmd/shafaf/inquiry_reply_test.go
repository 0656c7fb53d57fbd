package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/projections/certificates"
)

// reply is the body of the case's issue: a land-use reply states the plot's zoning.
func (l *lifecycle) reply() any {
	if is := l.svc.Issues; is == nil || is.Content != catalogue.ContentZoning {
		return nil
	}
	return map[string]any{"zoning": landUseR2}
}

var landUseR2 = map[string]any{"zone": "R2", "permitted_uses": []string{"residential", "educational"},
	"density_percent": 180, "coverage_percent": 60, "max_height_m": 10.5, "max_floors": 3,
	"setbacks": map[string]any{"front_m": 2.5, "side_m": 0, "rear_m": 3}, "remarks": "بر اصلاحی ۱۲ متری"}

// zoningReply is a reply's zoning as the case and the verification show it.
type zoningReply struct {
	Zone struct {
		Code string   `json:"code"`
		Name textPair `json:"name"`
	} `json:"zone"`
	PermittedUses []struct {
		Code string   `json:"code"`
		Name textPair `json:"name"`
	} `json:"permitted_uses"`
	DensityPercent int     `json:"density_percent"`
	FAR            float64 `json:"far"`
	MaxHeightM     float64 `json:"max_height_m"`
	MaxFloors      int     `json:"max_floors"`
	Setbacks       struct {
		FrontM float64 `json:"front_m"`
		RearM  float64 `json:"rear_m"`
	} `json:"setbacks"`
	Remarks string `json:"remarks"`
}

type textPair struct {
	Fa string `json:"fa"`
	En string `json:"en"`
}

func (z zoningReply) check(t *testing.T) {
	t.Helper()
	r2, _ := catalogue.ZoneOf("R2")
	if z.Zone.Code != "R2" || z.Zone.Name.Fa != r2.Name.Fa || len(z.PermittedUses) != 2 || z.PermittedUses[0].Name.Fa != "مسکونی" ||
		z.DensityPercent != 180 || z.FAR != 1.8 || z.MaxHeightM != 10.5 || z.MaxFloors != 3 || z.Setbacks.FrontM != 2.5 ||
		z.Setbacks.RearM != 3 || z.Remarks != "بر اصلاحی ۱۲ متری" {
		t.Fatalf("zoning %+v, want the reply staff entered, named in Persian", z)
	}
}

// TestALandUseReplyCarriesItsZoningToTheApplicant: staff answer a land-use inquiry with the
// plot's zoning; the applicant reads it with the case and the list of their cases, and anyone
// holding the reply's number and code reads it from the public register.
func TestALandUseReplyCarriesItsZoningToTheApplicant(t *testing.T) {
	app := MustOpenApp(t)
	svc, _ := catalogue.Default().Service("inq.landuse")
	l := newLifecycle(t, app, svc)
	l.submit(4242)
	l.refused("issue", map[string]any{"zoning": landUseR2}, "issuance.requires_approval")
	l.do("accept", nil)
	l.do("assess-fee", map[string]any{"inputs": feeInputs("residential")})
	l.do("decision", approval)
	l.do("record-payment", payment(l.summary().FeeTotal, "all"))

	// A reply without its zoning, or with a zone the plan lacks, is refused and names the fields.
	wantFields(t, l.staff.post("/v1/cases/"+l.id+"/issue", nil), "zoning")
	bad := map[string]any{}
	for k, v := range landUseR2 {
		bad[k] = v
	}
	bad["zone"], bad["max_floors"] = "Z9", 0
	wantFields(t, l.staff.post("/v1/cases/"+l.id+"/issue", map[string]any{"zoning": bad}), "zoning.zone", "zoning.max_floors")
	l.do("issue", l.reply())

	var c struct {
		Certificate      string       `json:"certificate_number"`
		VerificationCode string       `json:"verification_code"`
		Zoning           *zoningReply `json:"zoning"`
	}
	// The applicant reads the reply with the case ...
	{
		r := l.applicant.get("/v1/cases/" + l.id + "?after=" + l.last.Position)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &c)
		if c.Zoning == nil {
			t.Fatalf("case %s has no zoning", r.body)
		}
		c.Zoning.check(t)
	}
	// ... and with the list of their cases ...
	{
		r := l.applicant.get("/v1/me/cases?after=" + l.last.Position)
		wantStatus(t, r, http.StatusOK)
		var page struct {
			Items []struct {
				ID     string       `json:"id"`
				Zoning *zoningReply `json:"zoning"`
			}
		}
		r.json(t, &page)
		if len(page.Items) != 1 || page.Items[0].ID != l.id || page.Items[0].Zoning == nil {
			t.Fatalf("the applicant's cases %s, want this one with its zoning", r.body)
		}
		page.Items[0].Zoning.check(t)
	}
	// ... and a bank holding the reply's number and code reads it from the public register, once
	// the register has every event so far (public pages wait for no writer's position).
	{
		ctx := context.Background()
		head, err := app.store.Head(ctx)
		if err == nil {
			err = app.runtime.WaitFor(ctx, certificates.Name, head)
		}
		if err != nil {
			t.Fatal(err)
		}
		anon := client{tb: t, base: app.URL()}
		r := anon.do(http.MethodGet, "/verify/"+c.Certificate+"?c="+c.VerificationCode, "", nil, "Accept", "application/json")
		wantStatus(t, r, http.StatusOK)
		var v struct {
			Status string      `json:"status"`
			Zoning zoningReply `json:"zoning"`
		}
		r.json(t, &v)
		if v.Status != "valid" {
			t.Fatalf("verification %s", r.body)
		}
		v.Zoning.check(t)
		// The printed reply states the same, in Persian.
		r = anon.get("/certificates/" + c.Certificate + "?c=" + c.VerificationCode)
		wantStatus(t, r, http.StatusOK)
		r2, _ := catalogue.ZoneOf("R2")
		for _, want := range []string{`data-fact="zone"`, r2.Name.Fa, `data-fact="setbacks"`, "۲٫۵ متر", "۱۸۰٪", "بر اصلاحی ۱۲ متری"} {
			if !strings.Contains(string(r.body), want) {
				t.Errorf("the printable reply lacks %q", want)
			}
		}
	}
}

// wantFields fails unless r is a 400 problem naming exactly fields, in order.
func wantFields(t *testing.T, r response, fields ...string) {
	t.Helper()
	wantStatus(t, r, http.StatusBadRequest)
	var p struct {
		Errors []struct{ Field string }
	}
	r.json(t, &p)
	var got []string
	for _, e := range p.Errors {
		got = append(got, e.Field)
	}
	if !slices.Equal(got, fields) {
		t.Fatalf("problem names %v, want %v: %s", got, fields, r.body)
	}
}
