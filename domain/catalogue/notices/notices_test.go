package notices_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/catalogue/notices"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// valid is the smallest file that loads: the Article 100 notice.
const valid = `{"version": "t", "published": "1405/07/01", "notices": [
	{"event": "case.NoticeServed.v1", "legal": true, "fa": "اخطاریه {{.Ref}} تا {{.Due}}"}%s]}`

func TestEveryPublishedVersionLoads(t *testing.T) {
	t.Parallel()
	paths, err := fs.Glob(os.DirFS("data"), "*.json")
	if err != nil || len(paths) == 0 {
		t.Fatal("no notice catalogue in data/", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join("data", p))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := notices.Load(data); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, file, want string }{
		{"a placeholder View lacks", strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "fa": "{{.Deadline}}"}`, 1), "can't evaluate field Deadline"},
		{"an event type that does not exist", strings.Replace(valid, "%s", `, {"event": "case.Approved.v1", "fa": "{{.What}}"}`, 1), "no such event type"},
		{"a second notice for an event", strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "fa": "a"}, {"event": "case.Issued.v1", "fa": "b"}`, 1), "a second notice"},
		{"a template that does not parse", strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "fa": "{{.Ref"}`, 1), "unclosed action"},
		{"an empty Persian text", strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "en": "{{.Ref}}"}`, 1), "fa: empty"},
		{"an English placeholder View lacks", strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "fa": "{{.Ref}}", "en": "{{.Name}}"}`, 1), "en: "},
		{"no Article 100 notice", `{"version": "t", "published": "1405/07/01", "notices": [{"event": "case.Issued.v1", "fa": "{{.Ref}}"}]}`, "the law requires a notice"},
		{"an Article 100 notice not marked legal", strings.Replace(strings.Replace(valid, `"legal": true`, `"legal": false`, 1), "%s", "", 1), "legal must be true"},
		{"a message the law does not require marked legal", strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "legal": true, "fa": "{{.Ref}}"}`, 1), "legal must be false"},
		{"an unknown field", strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "fa": "x", "sms": true}`, 1), "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := notices.Load([]byte(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want an error with %q", err, tc.want)
			}
		})
	}
	if _, err := notices.Load([]byte(strings.Replace(valid, "%s", "", 1))); err != nil {
		t.Fatalf("the smallest valid file: %v", err)
	}
}

// Every service whose cases can be served an Article 100 notice has the legal notice.
func TestEveryViolationServiceHasItsLegalNotice(t *testing.T) {
	t.Parallel()
	n, ok := notices.Default().For(cases.TypeNoticeServed)
	if !ok || !n.Legal {
		t.Fatalf("notice for %s = %+v, %v; want a legal one", cases.TypeNoticeServed, n, ok)
	}
	art100 := 0
	for _, v := range catalogue.Versions() {
		c, _ := catalogue.ByVersion(v)
		for _, s := range c.Services() {
			if s.Flow() != catalogue.FlowViolation {
				continue
			}
			art100++
			what, _ := notices.Describe(s, lifecycle.NoticeServed)
			body, err := n.Render(notices.View{Ref: "1405-1-00042-7", What: what, Due: "۱۴۰۵/۰۹/۲۰", Link: "https://x/c/AB"}, false)
			if err != nil || what == "" || !strings.Contains(body, what) {
				t.Errorf("%s %s: notice %q, %v", v, s.Key, body, err)
			}
		}
	}
	if art100 == 0 {
		t.Fatal("no violation service in any catalogue")
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	c := catalogue.Default()
	permit, _ := c.Service("permit.new")
	for _, tc := range []struct {
		name       string
		status     lifecycle.Status
		what, next string
	}{
		{"a returned file tells the applicant to send the documents", lifecycle.ReturnedForDocuments, "پرونده برای تکمیل مدارک به شما بازگشت", "ارسال مدارک درخواست‌شده"},
		{"the service words its own statuses", lifecycle.Issued, "پروانه ساختمانی شما صادر شد", ""},
		{"nothing to do while the city has the move", lifecycle.Submitted, "درخواست شما ثبت شد", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if what, next := notices.Describe(permit, tc.status); what != tc.what || next != tc.next {
				t.Fatalf("Describe = %q, %q; want %q, %q", what, next, tc.what, tc.next)
			}
		})
	}
}

func TestListDocuments(t *testing.T) {
	t.Parallel()
	keys := []string{"deed", "national_id_card", "letter_from_mars"}
	for _, tc := range []struct {
		name string
		keep int
		want string
	}{
		{"titles from the catalogue, an unknown key as it is", 3, "اصل و تصویر سند مالکیت، کارت ملی، letter_from_mars"},
		{"the rest counted in Persian digits", 1, "اصل و تصویر سند مالکیت و ۲ مدرک دیگر"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := notices.ListDocuments(catalogue.Default(), keys, tc.keep); got != tc.want {
				t.Fatalf("ListDocuments = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRenderInEnglishFallsBackToPersian(t *testing.T) {
	t.Parallel()
	n, err := notices.Load([]byte(strings.Replace(valid, "%s", `, {"event": "case.Issued.v1", "fa": "صادر شد {{.Ref}}", "en": "Issued {{.Ref}}"}`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	v := notices.View{Ref: "1405-1-00042-7"}
	issued, _ := n.For(cases.TypeIssued)
	served, _ := n.For(cases.TypeNoticeServed)
	for _, tc := range []struct {
		notice notices.Notice
		en     bool
		want   string
	}{
		{issued, false, "صادر شد 1405-1-00042-7"},
		{issued, true, "Issued 1405-1-00042-7"},
		{served, true, "اخطاریه 1405-1-00042-7 تا "}, // no English text: the Persian one
	} {
		if got, err := tc.notice.Render(v, tc.en); err != nil || got != tc.want {
			t.Errorf("Render(en=%v) = %q, %v; want %q", tc.en, got, err, tc.want)
		}
	}
}
