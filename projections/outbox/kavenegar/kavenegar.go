// Package kavenegar sends SMS through Kavenegar's REST API (https://kavenegar.com/rest.html).
//
// The one call used is sms/send:
//
//	POST {base}/v1/{API-KEY}/sms/send.json   (form: receptor, sender, message, localid)
//
// answered with JSON {"return": {"status": 200, "message": "تایید شد"}, "entries": [{"messageid":
// 8792343, "status": 1, "receptor": "0912…", "cost": 120, …}]}; the HTTP status repeats
// return.status. localid is the caller's unique number for the message: sent again with the
// same localid, Kavenegar returns the first message instead of sending a second, which is what
// makes a resend after a crash safe. The return statuses, per the error table of Kavenegar's
// REST documentation (https://kavenegar.com/rest.html, «خطاها»; checked on 2026-12-07 against
// the status tables client libraries of the API copy from it), and what the adapter does:
//
//	200 accepted
//	retrying cannot cure the message (dead at once):
//	400 parameters incomplete             406 mandatory parameter empty
//	411 receptor invalid                  413 message empty or too long (268 Persian, 612 Latin)
//	414 too many records in one call      419 array lengths differ
//	422 invalid characters in the data
//	the operator's or time's to fix (the message waits and retries with backoff):
//	401 account deactivated               402 operation failed
//	403 API key not valid                 404/405 method unknown / wrong HTTP verb
//	407/416/429 calling IP not allowed    409 server cannot answer, try later
//	412 sender (line) invalid             418 credit insufficient
//	420 links not allowed on this line    427 line needs an access level
//	451 too many calls in a short time (rate limit)
//	501 test account: only the owner's own number
//
// 412 and 420 are the line's configuration, not the message's fault: treating them as
// permanent would dead-letter every message of a misconfigured city, legal notices included.
package kavenegar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shafaf-city/shafaf/projections/outbox"
)

// DefaultBaseURL is Kavenegar's API endpoint.
const DefaultBaseURL = "https://api.kavenegar.com"

// Client is the SMS provider.
type Client struct {
	base, key, sender string
	http              *http.Client
}

var _ outbox.Provider = (*Client)(nil)

// New sends from the line sender with API key key; base is DefaultBaseURL outside tests.
func New(base, key, sender string, hc *http.Client) *Client {
	return &Client{base: strings.TrimSuffix(base, "/"), key: key, sender: sender, http: hc}
}

// Response is the body of every Kavenegar answer.
type Response struct {
	Return  Return  `json:"return"`
	Entries []Entry `json:"entries"`
}

// Return is Kavenegar's verdict on the call.
type Return struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

// Entry is one message Kavenegar accepted.
type Entry struct {
	MessageID  int64  `json:"messageid"`
	Message    string `json:"message"`
	Status     int    `json:"status"`
	StatusText string `json:"statustext"`
	Sender     string `json:"sender"`
	Receptor   string `json:"receptor"`
	Date       int64  `json:"date"`
	Cost       int    `json:"cost"`
}

// Error is a call Kavenegar refused, with its return status.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("kavenegar: status %d: %s", e.Status, e.Message) }

// permanent are the statuses a retry of the same message cannot cure (see the table above).
// Every other refusal is the operator's or time's to fix, so those messages wait and retry.
var permanent = map[int]bool{400: true, 406: true, 411: true, 413: true, 414: true, 419: true, 422: true}

// Send posts m with its Key as localid and returns Kavenegar's messageid.
func (c *Client) Send(ctx context.Context, m outbox.Message) (string, error) {
	form := url.Values{"receptor": {m.To}, "sender": {c.sender}, "message": {m.Body},
		"localid": {strconv.FormatInt(m.Key, 10)}}
	// The key is part of the path by Kavenegar's design; it is escaped and never logged.
	endpoint := c.base + "/v1/" + url.PathEscape(c.key) + "/sms/send.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL holds the API key
		}
		return "", fmt.Errorf("kavenegar: %w", err)
	}
	defer res.Body.Close()
	var body Response
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return "", fmt.Errorf("kavenegar: HTTP %d with an unreadable body: %w", res.StatusCode, err)
	}
	if body.Return.Status != http.StatusOK || len(body.Entries) == 0 {
		e := &Error{Status: body.Return.Status, Message: body.Return.Message}
		if permanent[e.Status] {
			return "", outbox.Permanent(e)
		}
		return "", e
	}
	return strconv.FormatInt(body.Entries[0].MessageID, 10), nil
}
