package demo

import (
	"fmt"
	"math/rand"
	"strings"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// Persian given names and family names common in Urmia and the rest of the country.
var (
	givenNames = []string{"علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "حسن", "سعید", "مجید", "بهروز",
		"یوسف", "کریم", "جواد", "فرهاد", "ناصر", "زهرا", "فاطمه", "مریم", "سارا", "نرگس", "لیلا", "شیرین",
		"پروین", "سمیه", "آیدا", "نسرین", "الهام", "مهسا", "رقیه", "سحر"}
	familyNames = []string{"احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "قاسمی",
		"صادقی", "رحیمی", "نوری", "اکبری", "عباسی", "ابراهیمی", "زارعی", "یزدانی", "آذری", "تبریزی",
		"ارومیه‌ای", "باقری", "نجفی", "فرجی", "کاظمی", "شریفی", "پورمحمد", "قربانی", "سلطانی", "اصغری"}
	streets = []string{"خیابان امام", "خیابان خیام", "خیابان عطائی", "بلوار جمهوری", "خیابان سعدی",
		"خیابان کاشانی", "بلوار والفجر", "خیابان شهید بهشتی", "خیابان دانشکده", "کوی فرهنگیان"}
)

// person makes a believable applicant with a valid national ID and a mobile number.
func person(rng *rand.Rand) cases.Applicant {
	return cases.Applicant{
		Name:       givenNames[rng.Intn(len(givenNames))] + " " + familyNames[rng.Intn(len(familyNames))],
		NationalID: nationalID(rng),
		Phone:      fmt.Sprintf("0914%07d", rng.Intn(10_000_000)),
		Address:    fmt.Sprintf("ارومیه، %s، کوچه %d، پلاک %d", streets[rng.Intn(len(streets))], 1+rng.Intn(40), 1+rng.Intn(120)),
	}
}

// nationalID draws nine digits and appends the check digit of ident.ParseNationalID's rule;
// a leading digit of 1–9 keeps it from repeating one digit ten times.
func nationalID(rng *rand.Rand) string {
	d := make([]byte, 10)
	sum := 0
	for i := range 9 {
		n := rng.Intn(10)
		if i == 0 {
			n = 1 + rng.Intn(9)
		}
		d[i] = byte('0' + n)
		sum += n * (10 - i)
	}
	check := sum % 11
	if check >= 2 {
		check = 11 - check
	}
	d[9] = byte('0' + check)
	if strings.Count(string(d), string(d[:1])) == 10 {
		return nationalID(rng) // 1111111111 passes the checksum but is not a real ID
	}
	return string(d)
}
