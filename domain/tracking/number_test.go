package tracking_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/tracking"
)

func TestNumber(t *testing.T) {
	n, err := tracking.New(1405, access.Permit, 42)
	if err != nil {
		t.Fatal(err)
	}
	s := n.String()
	if !strings.HasPrefix(s, "1405-1-00042-") {
		t.Fatalf("String = %q", s)
	}
	t.Run("parses what it prints, typed in Persian digits without dashes", func(t *testing.T) {
		persian := strings.NewReplacer("-", "", "0", "۰", "1", "۱", "2", "۲", "4", "۴", "5", "۵").Replace(s)
		for _, in := range []string{s, persian, " " + strings.ReplaceAll(s, "-", " ") + " "} {
			got, err := tracking.Parse("number", in)
			if err != nil || got != n {
				t.Errorf("Parse(%q) = %v, %v", in, got, err)
			}
		}
	})
	t.Run("refuses every single wrong digit with check_digit", func(t *testing.T) {
		d := strings.ReplaceAll(s, "-", "")
		for i := range d {
			for r := '0'; r <= '9'; r++ {
				if byte(r) == d[i] {
					continue
				}
				typo := d[:i] + string(r) + d[i+1:]
				_, err := tracking.Parse("number", typo)
				var de *domain.Error
				if !errors.As(err, &de) || de.Fields[0].Code != "check_digit" {
					t.Fatalf("Parse(%q) = %v, want check_digit", typo, err)
				}
			}
		}
	})
	t.Run("refuses what is not a number", func(t *testing.T) {
		for _, in := range []string{"", "abc", "1405-1-1", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"} {
			if _, err := tracking.Parse("number", in); err == nil {
				t.Errorf("Parse(%q) accepted", in)
			}
		}
	})
	t.Run("every service group has a code", func(t *testing.T) {
		for _, g := range access.Groups {
			if _, err := tracking.Series(1405, g); err != nil {
				t.Error(err)
			}
		}
	})
}
