package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/commands/payments"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal/zarinpaltest"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/httpapi"
)

// The payment settings (docs/payments.md).
const (
	paymentGatewayEnv   = "SHAFAF_PAYMENT_GATEWAY"
	zarinpalMerchantEnv = "SHAFAF_ZARINPAL_MERCHANT_ID"
	zarinpalURLEnv      = "SHAFAF_ZARINPAL_URL"
	paymentCallbackEnv  = "SHAFAF_PAYMENT_CALLBACK_BASE"
	billCompanyEnv      = "SHAFAF_BILL_COMPANY_CODE"
	// devMerchant is the merchant of the sandbox gateway `shafaf dev` serves.
	devMerchant = "00000000-0000-0000-0000-00000000da7a"
)

// paymentsConfig says which gateway takes online payments; a nil Gateway offers none (bills
// are still issued, payable at banks and the counter).
type paymentsConfig struct {
	Gateway payments.Gateway
	// CallbackBase is the public address the gateway sends payers back to (+ /v1/payments/callback).
	CallbackBase string
	BillCompany  int
}

func paymentsFromEnv(getenv func(string) string) (paymentsConfig, error) {
	cfg := paymentsConfig{CallbackBase: cmp.Or(getenv(paymentCallbackEnv), getenv(publicURLEnv), defaultPublicURL)}
	if v := getenv(billCompanyEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 999 || len(v) != 3 {
			return cfg, usageError(fmt.Sprintf("%s=%q: want the 3-digit code the banks gave the municipality", billCompanyEnv, v))
		}
		cfg.BillCompany = n
	}
	switch gw := envOrDefault(getenv, paymentGatewayEnv, "off"); gw {
	case "off":
	case "zarinpal":
		merchant := getenv(zarinpalMerchantEnv)
		if len(merchant) != 36 {
			return cfg, usageError(fmt.Sprintf("%s=zarinpal needs %s, the 36-character merchant code", paymentGatewayEnv, zarinpalMerchantEnv))
		}
		cfg.Gateway = zarinpal.New(envOrDefault(getenv, zarinpalURLEnv, zarinpal.DefaultBaseURL), merchant)
	default:
		return cfg, usageError(fmt.Sprintf("%s=%q: want off or zarinpal", paymentGatewayEnv, gw))
	}
	return cfg, nil
}

// openPayments is the payment service of cfg's gateway; nil (no payment routes) without one.
func openPayments(ctx context.Context, pool *pgxpool.Pool, c payments.Cases, cfg paymentsConfig, now func() time.Time, log *zap.Logger) (httpapi.Payments, error) {
	if cfg.Gateway == nil {
		return nil, nil
	}
	return payments.Open(ctx, pool, c, payments.Config{Gateway: cfg.Gateway, CallbackURL: cfg.callbackURL(), Now: now, Logger: log})
}

// callbackURL is where the gateway sends payers back.
func (p paymentsConfig) callbackURL() string {
	return strings.TrimRight(p.CallbackBase, "/") + "/v1/payments/callback"
}

// devGateway serves the sandbox gateway of `make run` in this process, on a port of its own so
// that it stands apart from the API as the real gateway does.
func devGateway(ctx context.Context, log *zap.Logger) (*zarinpal.Client, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: zarinpaltest.New(devMerchant).Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("sandbox gateway stopped", zap.Error(err))
		}
	}()
	context.AfterFunc(ctx, func() { _ = srv.Close() })
	return zarinpal.New("http://"+l.Addr().String(), devMerchant), nil
}

const paymentsUsage = `usage: shafaf payments reconcile --day DAY [--json]
DAY is a Tehran day, Jalali (1405/09/16, Persian digits too) or Gregorian (2026-12-07). Lists the
payments the gateway confirmed that day against the cases' payment events and prints every
difference; exits 1 when there is one.`

// runPayments is `shafaf payments reconcile`.
func runPayments(ctx context.Context, args []string, stdout, _ io.Writer) error {
	dsn := os.Getenv("DATABASE_URL")
	if len(args) == 0 || args[0] != "reconcile" || dsn == "" {
		return usageError(paymentsUsage)
	}
	fs := flag.NewFlagSet("payments reconcile", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dayFlag := fs.String("day", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		return usageError(paymentsUsage)
	}
	day, err := parseDay(*dayFlag)
	if err != nil {
		return usageError(err.Error() + "\n" + paymentsUsage)
	}
	cfg, err := paymentsFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	if cfg.Gateway == nil {
		return usageError(paymentGatewayEnv + " names no gateway to reconcile with")
	}
	pool, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	store, err := openStore(ctx, os.Getenv("SHAFAF_EVENTSTORE"), pool, zap.NewNop())
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()
	rep, err := payments.Reconcile(ctx, pool, cfg.Gateway, store, day)
	if err != nil {
		return err
	}
	if err := printReconciliation(stdout, rep, *asJSON); err != nil {
		return err
	}
	if len(rep.Differences) > 0 {
		return errDifferences
	}
	return nil
}

// errDifferences makes reconcile exit 1 when the gateway and the cases disagree.
var errDifferences = errors.New("the gateway and the cases disagree; see the differences above")

// parseDay reads a Jalali or a Gregorian day.
func parseDay(s string) (jalali.Date, error) {
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err == nil {
		return jalali.FromTime(time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, jalali.Tehran())), nil
	}
	d, err := jalali.Parse(s)
	if err != nil {
		return jalali.Date{}, fmt.Errorf("--day %q is neither a Jalali (1405/09/16) nor a Gregorian (2026-12-07) day", s)
	}
	return d, nil
}

func printReconciliation(w io.Writer, rep payments.Report, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(w, "%s: %d matched, %d differences\n", rep.Day, rep.Matched, len(rep.Differences))
	if len(rep.Differences) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tAUTHORITY\tREF\tCASE\tGATEWAY RIALS\tCASE RIALS")
	for _, d := range rep.Differences {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\n", d.Kind, d.Authority, d.RefID, d.CaseID, d.GatewayRial, d.CaseRials)
	}
	return tw.Flush()
}
