package web

import "github.com/shafaf-city/shafaf/domain/catalogue"

// dictionaryEntry explains one column of an open-data file. The CSV headers are taken from
// these entries, so the files and their documentation cannot drift apart.
type dictionaryEntry struct {
	File    string
	Field   string
	Type    string
	Meaning catalogue.Text
}

// dictionary is the data dictionary of every published file.
var dictionary = []dictionaryEntry{
	{"permits", "permit_number", "text", catalogue.Text{Fa: "شمارهٔ پروانه یا گواهی، همان که روی سند چاپ شده است", En: "Permit or certificate number, as printed on the document"}},
	{"permits", "permit_type", "text", catalogue.Text{Fa: "کلید خدمت در فهرست خدمات شهرداری", En: "Service key in the municipality's service catalogue"}},
	{"permits", "permit_type_name_fa", "text", catalogue.Text{Fa: "نام فارسی خدمت (در JSON: permit_type_name.fa)", En: "Persian service name (JSON: permit_type_name.fa)"}},
	{"permits", "permit_type_name_en", "text", catalogue.Text{Fa: "نام انگلیسی خدمت (در JSON: permit_type_name.en)", En: "English service name (JSON: permit_type_name.en)"}},
	{"permits", "status_current", "issued | expired | revoked", catalogue.Text{Fa: "وضعیت کنونی سند", En: "Current status of the document"}},
	{"permits", "issued_date", "date (ISO 8601)", catalogue.Text{Fa: "روز صدور به تقویم میلادی", En: "Day of issue, Gregorian"}},
	{"permits", "valid_until", "date (ISO 8601)", catalogue.Text{Fa: "پایان اعتبار به تقویم میلادی؛ خالی برای سند بدون انقضا", En: "End of validity, Gregorian; empty when the document does not expire"}},
	{"permits", "district", "text", catalogue.Text{Fa: "منطقهٔ شهرداری محل ملک", En: "Municipal district of the property"}},
	{"permits", "proposed_use", "text", catalogue.Text{Fa: "کاربری مجاز (مسکونی، تجاری، …)؛ خالی اگر ثبت نشده", En: "Permitted use (residential, commercial, …); empty when not recorded"}},
	{"permits", "floors", "integer", catalogue.Text{Fa: "تعداد طبقات؛ خالی اگر ثبت نشده", En: "Number of floors; empty when not recorded"}},
	{"permits", "area_m2", "number", catalogue.Text{Fa: "زیربنا به متر مربع؛ خالی اگر ثبت نشده", En: "Floor area in square metres; empty when not recorded"}},
	{"permits", "fee_total_rials", "integer", catalogue.Text{Fa: "جمع عوارض به ریال", En: "Total fees in rials"}},
	{"aggregates", "table", "service | month", catalogue.Text{Fa: "نوع ردیف: آمار یک خدمت در ماه جاری یا روند یک ماه", En: "Row kind: one service this month, or one month of the trend"}},
	{"aggregates", "service", "text", catalogue.Text{Fa: "کلید خدمت (ردیف‌های service)", En: "Service key (service rows)"}},
	{"aggregates", "month", "YYYY-MM (Jalali)", catalogue.Text{Fa: "ماه شمسی", En: "Jalali month"}},
	{"aggregates", "cases_this_month", "integer", catalogue.Text{Fa: "پرونده‌های ثبت‌شده در این ماه", En: "Cases submitted this month"}},
	{"aggregates", "median_working_days", "number", catalogue.Text{Fa: "میانهٔ روزهای کاری از ثبت تا تصمیم، بدون زمان انتظار متقاضی", En: "Median working days from submission to decision, applicant time excluded"}},
	{"aggregates", "legal_deadline_working_days", "integer", catalogue.Text{Fa: "مهلت قانونی خدمت به روز کاری", En: "The service's legal deadline in working days"}},
	{"aggregates", "share_within_deadline", "number 0–1", catalogue.Text{Fa: "سهم تصمیم‌های گرفته‌شده در مهلت قانونی", En: "Share of decisions taken within the legal deadline"}},
	{"aggregates", "backlog_waiting_on_staff", "integer", catalogue.Text{Fa: "پرونده‌های باز منتظر اقدام شهرداری", En: "Open cases waiting on the municipality"}},
	{"aggregates", "backlog_waiting_on_applicant", "integer", catalogue.Text{Fa: "پرونده‌های باز منتظر متقاضی", En: "Open cases waiting on the applicant"}},
	{"aggregates", "submitted", "integer", catalogue.Text{Fa: "پرونده‌های ثبت‌شده در ماه (ردیف‌های month)", En: "Cases submitted in the month (month rows)"}},
	{"aggregates", "decided", "integer", catalogue.Text{Fa: "پرونده‌های تصمیم‌گرفته در ماه", En: "Cases decided in the month"}},
	{"aggregates", "violations_reported", "integer", catalogue.Text{Fa: "تخلفات ساختمانی گزارش‌شده در ماه", En: "Building violations reported in the month"}},
	{"aggregates", "violations_ruled", "integer", catalogue.Text{Fa: "تخلفاتی که در ماه رأی گرفتند", En: "Violations ruled on in the month"}},
	{"aggregates", "fees_collected_rials", "integer", catalogue.Text{Fa: "عوارض وصول‌شده در ماه به ریال", En: "Fees collected in the month, in rials"}},
	{"aggregates", "recent_from", "date (ISO 8601)", catalogue.Text{Fa: "نخستین روز بازهٔ ۳۰ روز اخیر (ردیف‌های service)", En: "First day of the last 30 days (service rows)"}},
	{"aggregates", "recent_to", "date (ISO 8601)", catalogue.Text{Fa: "آخرین روز همان بازه، امروز", En: "Last day of those days, today"}},
	{"aggregates", "recent_submitted", "integer", catalogue.Text{Fa: "پرونده‌های ثبت‌شده در این بازه", En: "Cases submitted in those days"}},
	{"aggregates", "recent_decided", "integer", catalogue.Text{Fa: "پرونده‌های تصمیم‌گرفته در این بازه", En: "Cases decided in those days"}},
	{"aggregates", "recent_mean_working_days", "number", catalogue.Text{Fa: "میانگین روزهای کاری از ثبت تا تصمیمِ پرونده‌های تصمیم‌گرفته در این بازه", En: "Mean working days from submission to decision of the cases decided in those days"}},
	{"aggregates", "recent_share_within_deadline", "number 0–1", catalogue.Text{Fa: "سهم تصمیم‌های این بازه که در مهلت قانونی گرفته شدند", En: "Share of those days' decisions taken within the legal deadline"}},
	{"checkpoints", "origin", "text", catalogue.Text{Fa: "نام دفتر رویدادها؛ همان نام کلید عمومی", En: "The event log's name; the public key's name too"}},
	{"checkpoints", "size", "integer", catalogue.Text{Fa: "شمار رویدادهای ثبت‌شده در درخت مرکل تا این نقطه", En: "Events in the Merkle tree up to this checkpoint"}},
	{"checkpoints", "root", "base64 (SHA-256)", catalogue.Text{Fa: "ریشهٔ درخت مرکل (RFC 9162) در این اندازه", En: "Root hash of the Merkle tree (RFC 9162) at this size"}},
	{"checkpoints", "note", "text (C2SP signed note)", catalogue.Text{Fa: "متن امضاشده با کلید شهرداری؛ با کلید عمومی بررسی می‌شود", En: "The text signed with the municipality's key; check it with the public key"}},
	{"checkpoints", "signed_at", "date-time (ISO 8601)", catalogue.Text{Fa: "زمان امضا", En: "When it was signed"}},
}

// Empty cells: a count under five is left empty (suppressed for privacy), as is a figure that
// does not apply to the row's kind.
var (
	permitColumns    = columnsOf("permits")
	aggregateColumns = columnsOf("aggregates")
)

func columnsOf(file string) []string {
	var cols []string
	for _, e := range dictionary {
		if e.File == file {
			cols = append(cols, e.Field)
		}
	}
	return cols
}
