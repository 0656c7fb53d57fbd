package zarinpal_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/commands/payments"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal/zarinpaltest"
)

const merchant = "1344b5d4-0048-11e8-94db-005056a205be"

func open(t *testing.T) (*zarinpal.Client, *zarinpaltest.Gateway) {
	t.Helper()
	gw := zarinpaltest.New(merchant)
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	return zarinpal.New(srv.URL, merchant), gw
}

func start(t *testing.T, c *zarinpal.Client, rials int64) payments.Started {
	t.Helper()
	s, err := c.Request(context.Background(), payments.Request{Rials: rials, Description: "عوارض پروانه", CallbackURL: "http://city.example/cb?x=1", OrderID: "1405-1-00042-1"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTheDocumentedFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, gw := open(t)
	s := start(t, c, 2_500_000)
	if len(s.Authority) != 36 || !strings.HasSuffix(s.RedirectURL, "/pg/StartPay/"+s.Authority) {
		t.Fatalf("started %+v", s)
	}
	back, err := gw.Pay(s.Authority)
	if err != nil || !strings.Contains(back, "Authority="+s.Authority) || !strings.Contains(back, "Status=OK") || !strings.Contains(back, "x=1") {
		t.Fatalf("callback %q, %v", back, err)
	}
	if un, err := c.Unverified(ctx); err != nil || len(un) != 1 || un[0].Authority != s.Authority || un[0].Rials != 2_500_000 {
		t.Errorf("unverified before verification = %+v, %v", un, err)
	}
	v, err := c.Verify(ctx, s.Authority, 2_500_000)
	if err != nil || v.RefID == "" || v.Again {
		t.Fatalf("verify = %+v, %v", v, err)
	}
	again, err := c.Verify(ctx, s.Authority, 2_500_000)
	if err != nil || !again.Again || again.RefID != v.RefID {
		t.Errorf("second verify (101) = %+v, %v", again, err)
	}
	if un, err := c.Unverified(ctx); err != nil || len(un) != 0 {
		t.Errorf("unverified after verification = %+v, %v", un, err)
	}
}

func TestRefusalsMapToThePort(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, gw := open(t)
	cancelled := start(t, c, 10_000)
	if _, err := gw.Cancel(cancelled.Authority); err != nil {
		t.Fatal(err)
	}
	tampered := start(t, c, 10_000)
	gw.Tamper(tampered.Authority, 1_000)
	if _, err := gw.Pay(tampered.Authority); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		authority string
		want      error
	}{
		{"a cancelled payment (-51)", cancelled.Authority, payments.ErrNotPaid},
		{"another amount (-50)", tampered.Authority, payments.ErrAmountMismatch},
		{"an unknown authority (-54)", "A000000000000000000000000000000000001", payments.ErrUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.Verify(ctx, tc.authority, 10_000); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("a wrong merchant (-10)", func(t *testing.T) {
		wrong := *c
		wrong.MerchantID = "00000000-0000-0000-0000-000000000000"
		if _, err := wrong.Request(ctx, payments.Request{Rials: 10_000, Description: "x", CallbackURL: "http://x"}); !errors.Is(err, payments.ErrRejected) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a request without a callback (-9)", func(t *testing.T) {
		if _, err := c.Request(ctx, payments.Request{Rials: 10_000, Description: "x"}); !errors.Is(err, payments.ErrRejected) {
			t.Errorf("err = %v", err)
		}
	})
}
