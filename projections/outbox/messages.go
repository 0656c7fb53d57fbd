package outbox

import (
	"strings"
	"text/template"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// notice is the SMS one event type causes: its Persian template and whether the law requires
// the notice (then an opt-out does not stop it).
type notice struct {
	legal bool
	text  *template.Template
}

// view is what a template may use. Ref is the case's reference people quote; Due a Tehran
// civil date in Persian digits; Link the short link to the case's public page.
type view struct {
	Ref, Due, Link string
	Documents      []string
}

var funcs = template.FuncMap{"join": strings.Join}

func tmpl(name, text string) *template.Template {
	return template.Must(template.New(name).Funcs(funcs).Parse(text))
}

// notices says which events send an SMS to the case's applicant and what it says: what
// happened, what to do next and by when, and where to look.
var notices = map[string]notice{
	cases.TypeSubmitted: {text: tmpl("submitted",
		"شهرداری: درخواست شما با شماره پیگیری {{.Ref}} ثبت شد. موعد رسیدگی: {{.Due}}. پیگیری: {{.Link}}")},
	cases.TypeDocumentsRequested: {text: tmpl("documents",
		"شهرداری: برای پرونده {{.Ref}} این مدارک لازم است: {{join .Documents \"، \"}}.{{with .Due}} مهلت: {{.}}.{{end}} لطفاً بارگذاری کنید: {{.Link}}")},
	cases.TypeNoticeServed: {legal: true, text: tmpl("notice",
		"شهرداری: اخطاریه ماده ۱۰۰ برای پرونده {{.Ref}} ابلاغ شد. مهلت دفاع تا {{.Due}}. متن کامل: {{.Link}}")},
	cases.TypeDecided: {text: tmpl("decided",
		"شهرداری: درباره پرونده {{.Ref}} تصمیم گرفته شد. نتیجه و گام بعد: {{.Link}}")},
	cases.TypeIssued: {text: tmpl("issued",
		"شهرداری: مجوز پرونده {{.Ref}} صادر شد. دریافت: {{.Link}}")},
}

// persianDate renders a moment as the Tehran civil day people read.
func persianDate(t time.Time) string { return jalali.Format(t, jalali.Persian) }
