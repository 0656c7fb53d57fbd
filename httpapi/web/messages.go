package web

import "strings"

// messages are the pages' words, Persian first. A missing key renders as ⟦key⟧, which the
// tests look for, rather than failing a citizen's request.
var messages = map[string][2]string{
	"site":                {"شفاف: شهرداری در یک نگاه", "Shafaf: the city at a glance"},
	"skip":                {"رفتن به محتوای اصلی", "Skip to main content"},
	"nav":                 {"بخش‌های سایت", "Site sections"},
	"nav.dashboard":       {"داشبورد", "Dashboard"},
	"nav.verify":          {"استعلام گواهی", "Verify a certificate"},
	"nav.opendata":        {"داده‌های باز", "Open data"},
	"switch":              {"English", "فارسی"},
	"switch.label":        {"Read this page in English", "این صفحه به فارسی"},
	"asof":                {"به‌روز تا", "Figures as of"},
	"suppressed":          {"کمتر از ۵", "fewer than 5"},
	"suppressed.note":     {"برای حفظ حریم خصوصی، خانه‌های کمتر از ۵ پرونده نمایش داده نمی‌شوند.", "To protect privacy, cells of fewer than 5 cases are not shown."},
	"none":                {"—", "—"},
	"chart.empty":         {"هنوز رقمی برای انتشار نیست: هر خدمت دست‌کم ۵ پرونده لازم دارد.", "No figure to publish yet: each service needs at least 5 cases."},
	"table":               {"نمایش جدول", "Show as a table"},
	"dash.title":          {"عملکرد خدمات شهرسازی", "How the city's planning services perform"},
	"dash.intro":          {"همهٔ اعداد از پرونده‌های ثبت‌شده در سامانه محاسبه می‌شوند و هیچ اطلاعات شخصی در آن‌ها نیست. روزها روز کاری‌اند و زمانی که پرونده منتظر متقاضی بوده حساب نمی‌شود.", "Every figure is computed from the cases in the system and holds no personal data. Days are working days, and time spent waiting on the applicant is not counted."},
	"dash.services":       {"خدمات این ماه", "Services this month"},
	"col.service":         {"خدمت", "Service"},
	"col.cases":           {"پرونده‌های این ماه", "Cases this month"},
	"col.median":          {"میانهٔ روز تا تصمیم", "Median days to decision"},
	"col.mean":            {"میانگین روز تا تصمیم", "Mean days to decision"},
	"dash.recent":         {"خدمات در {n} روز گذشته", "Services in the last {n} days"},
	"recent.note":         {"پرونده‌های ثبت‌شده و تصمیم‌گرفته در این روزها؛ میانگین روزهای کاری از ثبت تا تصمیمِ همین پرونده‌های تصمیم‌گرفته است.", "Cases submitted and decided in these days; the mean counts working days from submission to decision of the cases decided in them."},
	"chart.recent":        {"میانگین روزهای کاری تا تصمیم در {n} روز گذشته در برابر مهلت قانونی", "Mean working days to decision in the last {n} days against the legal deadline"},
	"col.deadline":        {"مهلت قانونی (روز)", "Legal deadline (days)"},
	"col.within":          {"تصمیم در مهلت", "Decided within deadline"},
	"col.staff":           {"منتظر کارکنان", "Waiting on staff"},
	"col.applicant":       {"منتظر متقاضی", "Waiting on the applicant"},
	"col.month":           {"ماه", "Month"},
	"col.submitted":       {"ثبت‌شده", "Submitted"},
	"col.decided":         {"تصمیم‌گرفته", "Decided"},
	"col.reported":        {"گزارش‌شده", "Reported"},
	"col.ruled":           {"رأی‌صادرشده", "Ruled"},
	"col.fees":            {"عوارض وصول‌شده (ریال)", "Fees collected (rials)"},
	"chart.median":        {"میانهٔ روزهای کاری تا تصمیم در برابر مهلت قانونی", "Median working days to decision against the legal deadline"},
	"chart.median.note":   {"خط تیره مهلت قانونی هر خدمت است.", "The dashed line is each service's legal deadline."},
	"chart.within":        {"سهم تصمیم‌های گرفته‌شده در مهلت قانونی", "Share of decisions taken within the legal deadline"},
	"chart.backlog":       {"پرونده‌های باز: منتظر کارکنان یا منتظر متقاضی", "Open cases: waiting on staff or on the applicant"},
	"chart.trend":         {"روند ماهانهٔ پرونده‌ها", "Cases month by month"},
	"chart.violations":    {"تخلفات ساختمانی: گزارش‌شده و رأی‌صادرشده", "Building violations reported and ruled"},
	"chart.fees":          {"عوارض وصول‌شده در هر ماه (میلیون ریال)", "Fees collected per month (million rials)"},
	"verify.title":        {"استعلام اصالت گواهی", "Check a certificate"},
	"verify.intro":        {"شماره و کد رهگیری چاپ‌شده روی گواهی یا پروانه را وارد کنید.", "Enter the number and the verification code printed on the certificate or permit."},
	"verify.number":       {"شمارهٔ گواهی", "Certificate number"},
	"verify.code":         {"کد رهگیری", "Verification code"},
	"verify.submit":       {"استعلام", "Check"},
	"verify.result":       {"نتیجهٔ استعلام", "Result"},
	"verify.valid":        {"معتبر است", "Valid"},
	"verify.revoked":      {"ابطال شده است", "Revoked"},
	"verify.expired":      {"منقضی شده است", "Expired"},
	"verify.unknown":      {"گواهی‌ای با این شماره و کد یافت نشد", "No certificate matches this number and code"},
	"verify.unknown.hint": {"شماره و کد را دوباره بررسی کنید. اگر گواهی را از شهرداری گرفته‌اید و باز هم یافت نمی‌شود، با منطقهٔ صادرکننده تماس بگیرید.", "Check the number and code again. If the municipality gave you this certificate and it still cannot be found, contact the issuing district."},
	"verify.service":      {"خدمت", "Service"},
	"verify.issued":       {"تاریخ صدور", "Issued"},
	"verify.until":        {"اعتبار تا", "Valid until"},
	"verify.district":     {"منطقهٔ صادرکننده", "Issuing district"},
	"verify.invalid":      {"شماره یا کد درست وارد نشده است.", "The number or the code is not well formed."},
	"data.title":          {"داده‌های باز", "Open data"},
	"data.intro":          {"این داده‌ها بدون هیچ اطلاعات شخصی و با مجوز آزاد منتشر می‌شوند. هر فایل هم به‌صورت CSV و هم JSON در دسترس است.", "These data are published without personal data under an open licence, each as CSV and JSON."},
	"data.permits":        {"دفتر پروانه‌های صادرشده", "Register of issued permits"},
	"data.aggregates":     {"آمار خدمات و روند ماهانه", "Service statistics and monthly trend"},
	"data.dictionary":     {"راهنمای داده‌ها", "Data dictionary"},
	"data.field":          {"فیلد", "Field"},
	"data.type":           {"نوع", "Type"},
	"data.meaning":        {"معنا", "Meaning"},
	"log.title":           {"تاریخچهٔ غیرقابل‌دست‌کاری", "Tamper-evident history"},
	"log.intro":           {"هر رویداد هر پرونده در یک درخت مرکل ثبت می‌شود و شهرداری ریشهٔ آن را امضا می‌کند. هر کس می‌تواند با کلید عمومی زیر بررسی کند که تاریخچهٔ یک پرونده همان است که شهرداری به آن متعهد شده است.", "Every event of every case goes into a Merkle tree whose root the municipality signs. Anyone can check with the public key below that a case's history is the one the municipality committed to."},
	"log.size":            {"شمار رویدادها", "Events in the tree"},
	"log.root":            {"ریشهٔ درخت", "Root hash"},
	"log.signed":          {"زمان امضا", "Signed at"},
	"log.key":             {"کلید عمومی", "Public key"},
	"log.none":            {"هنوز نقطهٔ امضاشده‌ای نیست.", "No checkpoint signed yet."},
	"log.links":           {"آخرین نقطهٔ امضاشده، همهٔ نقطه‌ها و اثبات‌ها:", "The newest checkpoint, every checkpoint and proofs:"},
	"error.title":         {"خطا", "Error"},
	"error.404":           {"صفحه‌ای با این نشانی وجود ندارد.", "There is no page at this address."},
	"error.429":           {"تعداد استعلام‌های شما از حد مجاز گذشته است. لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید.", "You have made too many checks. Please try again in a few minutes."},
	"error.500":           {"مشکلی پیش آمد. لطفاً کمی بعد دوباره تلاش کنید.", "Something went wrong. Please try again shortly."},
	"error.retry":         {"زمان تا تلاش دوباره (ثانیه)", "Seconds before you may try again"},
	"error.home":          {"بازگشت به داشبورد", "Back to the dashboard"},
}

// Tn is the page's words for key with n, in the page's digits, in place of "{n}".
func (l Lang) Tn(key string, n int) string {
	return strings.Replace(l.T(key), "{n}", l.Int(int64(n)), 1)
}

// T is the page's word for key.
func (l Lang) T(key string) string {
	m, ok := messages[key]
	if !ok {
		return "⟦" + key + "⟧"
	}
	if l == En {
		return m[1]
	}
	return m[0]
}
