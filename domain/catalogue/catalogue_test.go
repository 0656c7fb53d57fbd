package catalogue_test

import (
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// The 36 services of domain.md §1, plus commercial waste.
var domainKeys = []string{"permit.new", "permit.rebuild", "permit.extend", "permit.floors", "permit.renew",
	"permit.reissue", "permit.amend", "permit.duplicate", "permit.repair", "permit.demolish", "permit.wall",
	"permit.fence", "permit.excavation", "permit.terrace", "permit.principle", "cert.completion",
	"cert.completion.partition", "cert.noviolation", "cert.transfer", "cert.clearance", "cert.temp_use",
	"cert.building_id", "inq.bank", "inq.notary", "inq.agency", "inq.landuse", "inq.map_order", "inq.setback",
	"inq.fee_estimate", "land.subdivide", "land.partition", "land.merge", "land.change_use", "viol.art100",
	"viol.parking", "viol.technical", "waste.commercial"}

func TestDefaultListsTheDomainServicesInFileOrder(t *testing.T) {
	t.Parallel()
	var keys []string
	for _, s := range catalogue.Default().Services() {
		keys = append(keys, s.Key)
	}
	if !slices.Equal(keys, domainKeys) {
		t.Fatalf("services %v, want %v", keys, domainKeys)
	}
}

func TestRunningCasesKeepTheirVersion(t *testing.T) {
	t.Parallel()
	if got := catalogue.Versions(); !slices.Equal(got, []string{"2026.1", "2026.2", "2026.3"}) {
		t.Fatalf("versions %v", got)
	}
	if v := catalogue.Default().Version(); v != "2026.3" {
		t.Fatalf("default version %s, want the newest, 2026.3", v)
	}
	// 2026.3 gives land-use replies their content; a reply of a case opened before states none.
	before, _ := catalogue.ByVersion("2026.2")
	was, _ := before.Service("inq.landuse")
	now, _ := catalogue.Default().Service("inq.landuse")
	if was.Issues.Content != "" || now.Issues.Content != catalogue.ContentZoning {
		t.Fatalf("inq.landuse content: under 2026.2 %q, now %q", was.Issues.Content, now.Issues.Content)
	}
	old, ok := catalogue.ByVersion("2026.1")
	if !ok {
		t.Fatal("2026.1 is not embedded")
	}
	opened, _ := old.Service("permit.new")
	current, _ := catalogue.Default().Service("permit.new")
	if opened.Deadline.Deadline != (workdays.Deadline{Days: 15, Kind: workdays.WorkingDays}) || current.Deadline.Days != 7 {
		t.Fatalf("permit.new deadlines: opened under 2026.1 %+v, current %+v", opened.Deadline, current.Deadline)
	}
	if _, ok := catalogue.ByVersion("2025.9"); ok {
		t.Fatal("found a version that was never published")
	}
}

func TestServiceRules(t *testing.T) {
	t.Parallel()
	c := catalogue.Default()
	permit, _ := c.Service("permit.new")
	if permit.UsesStep(catalogue.StepCommissionReferral) {
		t.Error("permit.new does not use commission referral, yet lists it")
	}
	if text, _ := permit.StatusText("issued"); text.Fa != "پروانه ساختمانی شما صادر شد" {
		t.Errorf("permit.new keeps the default issued text: %v", text)
	}
	if text, _ := permit.StatusText("paid"); text.En != "Your payment has been received" {
		t.Errorf("permit.new lacks the default paid text: %v", text)
	}
	if _, ok := permit.StatusText("reported"); ok {
		t.Error("an application has a violation status text")
	}
	art100, _ := c.Service("viol.art100")
	if art100.Flow() != catalogue.FlowViolation || art100.Windows.DefenceDays != 10 || art100.Windows.AppealDays != 10 {
		t.Errorf("viol.art100 windows %+v", art100.Windows)
	}
	subdivide, _ := c.Service("land.subdivide")
	if subdivide.Deadline.Deadline != (workdays.Deadline{Days: 90, Kind: workdays.CalendarDays}) || subdivide.Deadline.Source != "cited" {
		t.Errorf("land.subdivide deadline %+v", subdivide.Deadline)
	}
	if name, ok := c.Document("deed"); !ok || name.Fa == "" {
		t.Errorf("deed document %v", name)
	}
	if _, ok := c.Service("permit.teleport"); ok {
		t.Error("found an unknown service")
	}
}

// Assess charges the items whose schedule entry names the service; the catalogue's fee_items
// must be exactly those, in every schedule, or the two data sets tell different stories.
func TestFeeItemsMatchTheSchedules(t *testing.T) {
	t.Parallel()
	for _, version := range fees.Versions() {
		schedule, _ := fees.ByVersion(version)
		for _, s := range catalogue.Default().Services() {
			var charged []string
			for _, it := range schedule.Items {
				if slices.Contains(it.Services, s.Key) {
					charged = append(charged, it.Code)
				}
			}
			if !slices.Equal(charged, s.FeeItems) {
				t.Errorf("%s %s: schedule charges %v, catalogue lists %v", version, s.Key, charged, s.FeeItems)
			}
		}
	}
}

func TestValidateRejectsAnImpossiblePublicationDay(t *testing.T) {
	t.Parallel()
	data := []byte("{\n  \"version\": \"x\",\n  \"published\": \"1404/12/30\",\n  \"services\": []\n}")
	problems := catalogue.Validate(data)
	if len(problems) == 0 || problems[0].Location != "published" || problems[0].Line != 3 {
		t.Fatalf("problems %v, want the first at published, line 3", problems)
	}
}
