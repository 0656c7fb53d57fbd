// Package zarinpal is the payments.Gateway of Zarinpal's payment gateway, API v4, as documented at
// https://www.zarinpal.com/docs/paymentGateway/connectToGateway (request.json, StartPay,
// callback with Authority and Status, verify.json, unVerified.json) with the error codes of
// https://www.zarinpal.com/docs/paymentGateway/errorList. Amounts are sent in rials (IRR).
package zarinpal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/commands/payments"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// DefaultBaseURL is Zarinpal's production address; its sandbox is https://sandbox.zarinpal.com.
const DefaultBaseURL = "https://payment.zarinpal.com"

// The result codes of the documented API this adapter acts on.
const (
	CodeOK              = 100   // request opened, payment verified
	CodeVerified        = 101   // verified before
	CodeValidation      = -9    // bad input (amount, callback, description)
	CodeBadMerchant     = -10   // merchant_id or IP unknown
	CodeAmountMismatch  = -50   // verify: the amount is not the session's
	CodeNotPaid         = -51   // verify: the payer did not pay (cancelled, failed)
	CodeBadAuthority    = -54   // verify: unknown authority
	CodeSessionMerchant = -53   // verify: the session is another merchant's
	rialCurrency        = "IRR" // amounts are rials, as the city's bills are
)

// Client talks to Zarinpal for one merchant.
type Client struct {
	BaseURL    string // DefaultBaseURL, the sandbox, or a zarinpaltest server
	MerchantID string // the 36-character merchant code
	HTTP       *http.Client
}

var _ payments.Gateway = (*Client)(nil)

// New is a client of merchant at baseURL with a bounded HTTP client.
func New(baseURL, merchant string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), MerchantID: merchant, HTTP: &http.Client{Timeout: 15 * time.Second}}
}

// Name is "zarinpal".
func (c *Client) Name() string { return "zarinpal" }

type requestBody struct {
	MerchantID  string            `json:"merchant_id"`
	Amount      int64             `json:"amount"`
	Currency    string            `json:"currency"`
	Description string            `json:"description"`
	CallbackURL string            `json:"callback_url"`
	Metadata    map[string]string `json:"metadata,omitempty"`
}

// envelope is every answer's shape: data on success, errors (an object) on failure; the other
// is an empty array.
type envelope struct {
	Data   json.RawMessage `json:"data"`
	Errors json.RawMessage `json:"errors"`
}

type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// Request opens a payment (request.json) and sends the payer to StartPay/{authority}.
func (c *Client) Request(ctx context.Context, r payments.Request) (payments.Started, error) {
	body := requestBody{MerchantID: c.MerchantID, Amount: r.Rials, Currency: rialCurrency, Description: r.Description,
		CallbackURL: r.CallbackURL, Metadata: map[string]string{"order_id": r.OrderID}}
	var data struct {
		Code      int    `json:"code"`
		Authority string `json:"authority"`
	}
	if err := c.call(ctx, "/pg/v4/payment/request.json", body, &data); err != nil {
		return payments.Started{}, err
	}
	if data.Code != CodeOK || data.Authority == "" {
		return payments.Started{}, fmt.Errorf("%w: request.json answered code %d", ErrUnexpected, data.Code)
	}
	return payments.Started{Authority: data.Authority, RedirectURL: c.BaseURL + "/pg/StartPay/" + data.Authority}, nil
}

// Verify confirms the payment (verify.json); codes 100 and 101 are paid.
func (c *Client) Verify(ctx context.Context, authority string, rials int64) (payments.Verified, error) {
	body := map[string]any{"merchant_id": c.MerchantID, "amount": rials, "authority": authority}
	var data struct {
		Code    int    `json:"code"`
		RefID   int64  `json:"ref_id"`
		CardPAN string `json:"card_pan"`
	}
	if err := c.call(ctx, "/pg/v4/payment/verify.json", body, &data); err != nil {
		return payments.Verified{}, err
	}
	if data.Code != CodeOK && data.Code != CodeVerified {
		return payments.Verified{}, fmt.Errorf("%w: verify.json answered code %d", ErrUnexpected, data.Code)
	}
	return payments.Verified{RefID: strconv.FormatInt(data.RefID, 10), CardPAN: data.CardPAN, Again: data.Code == CodeVerified}, nil
}

// Unverified lists the merchant's paid, unverified payments (unVerified.json).
func (c *Client) Unverified(ctx context.Context) ([]payments.Unverified, error) {
	var data struct {
		Code        int `json:"code"`
		Authorities []struct {
			Authority string `json:"authority"`
			Amount    int64  `json:"amount"`
			Date      string `json:"date"` // "2020-06-27 10:22:02", Tehran time
		} `json:"authorities"`
	}
	if err := c.call(ctx, "/pg/v4/payment/unVerified.json", map[string]string{"merchant_id": c.MerchantID}, &data); err != nil {
		return nil, err
	}
	out := make([]payments.Unverified, 0, len(data.Authorities))
	for _, a := range data.Authorities {
		at, err := time.ParseInLocation(time.DateTime, a.Date, jalali.Tehran())
		if err != nil {
			return nil, fmt.Errorf("%w: unVerified.json date %q", ErrUnexpected, a.Date)
		}
		out = append(out, payments.Unverified{Authority: a.Authority, Rials: a.Amount, At: at})
	}
	return out, nil
}

// ErrUnexpected is an answer outside the documented ones.
var ErrUnexpected = errors.New("zarinpal: unexpected answer")

// call posts body to path and decodes the answer's data into out, or maps its error code.
func (c *Client) call(ctx context.Context, path string, body, out any) error {
	payload, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+path, bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("zarinpal %s: %w", path, err)
	}
	defer resp.Body.Close()
	var env envelope
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&env); err != nil {
		return fmt.Errorf("%w: %s answered %s, not JSON", ErrUnexpected, path, resp.Status)
	}
	var e apiError
	if len(env.Errors) > 0 && env.Errors[0] == '{' {
		if err := json.Unmarshal(env.Errors, &e); err != nil {
			return fmt.Errorf("%w: %s errors: %v", ErrUnexpected, path, err)
		}
		return codeError(path, e)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("%w: %s data: %v", ErrUnexpected, path, err)
	}
	return nil
}

// codeError maps the documented error codes to the port's refusals.
func codeError(path string, e apiError) error {
	var kind error
	switch e.Code {
	case CodeNotPaid:
		kind = payments.ErrNotPaid
	case CodeAmountMismatch:
		kind = payments.ErrAmountMismatch
	case CodeBadAuthority, CodeSessionMerchant:
		kind = payments.ErrUnknown
	case CodeValidation, CodeBadMerchant:
		kind = payments.ErrRejected
	default:
		kind = ErrUnexpected
	}
	return fmt.Errorf("%w: zarinpal %s: code %d: %s", kind, path, e.Code, e.Message)
}
