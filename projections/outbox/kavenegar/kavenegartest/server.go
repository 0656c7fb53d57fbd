// Package kavenegartest is an in-process Kavenegar speaking sms/send.json as documented (see
// package kavenegar), for tests of everything that sends SMS.
package kavenegartest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
)

// Key is the API key the server accepts.
const Key = "test-api-key"

// Sender is the line the account owns; another sender is refused with 412.
const Sender = "10004346"

// The message limits Kavenegar answers 413 beyond: 268 characters of Persian text, 612 of Latin.
const (
	maxPersian = 268
	maxLatin   = 612
)

// messages are the Persian texts of the statuses the server answers, as Kavenegar's REST
// documentation words them (https://kavenegar.com/rest.html).
var messages = map[int]string{
	200: "تایید شد",
	400: "پارامترها ناقص هستند",
	403: "کد شناسائی API-Key معتبر نمی‌باشد",
	404: "متدی با این نام پیدا نشده است",
	405: "متد فراخوانی Get یا Post اشتباه است",
	409: "سرور قادر به پاسخگوئی نیست بعدا تلاش کنید",
	411: "دریافت کننده نامعتبر است",
	412: "ارسال کننده نامعتبر است",
	413: "پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد",
	418: "اعتبار حساب شما کافی نیست",
	451: "فراخوانی بیش از حد در بازه زمانی مشخص IP محدود شده",
}

// Server counts what reaches it: every call, and the messages it would put on the air, one
// per localid, as Kavenegar's duplicate guard does.
type Server struct {
	URL string

	mu      sync.Mutex
	calls   int
	refuse  int // a return status to answer every call with, 0 for none
	sent    []kavenegar.Entry
	byLocal map[string]int // localid → index in sent
	// holdAt is the count of messages on the air after which the call that made it is not
	// answered until release is closed (HoldAfter); 0 for none.
	holdAt            int
	accepted, release chan struct{}
}

// Start runs a server until the test ends, whose credit never runs out (Refuse(418) runs it out).
func Start(tb testing.TB) *Server {
	s := &Server{byLocal: map[string]int{}}
	ts := httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

// Refuse answers every call with status from now on (0 serves again).
func (s *Server) Refuse(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = status
}

// HoldAfter lets the server put n messages on the air and then leaves the call that put the
// n-th there unanswered until release is called: the moment between Kavenegar accepting a
// message and the sender learning so, in which a test kills the sender. accepted is closed
// when the n-th message is on the air.
func (s *Server) HoldAfter(n int) (accepted <-chan struct{}, release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdAt, s.accepted, s.release = n, make(chan struct{}), make(chan struct{})
	var once sync.Once
	rel := s.release
	return s.accepted, func() { once.Do(func() { close(rel) }) }
}

// Calls is how many send calls arrived, duplicates and refusals included.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Sent is every distinct message put on the air, in order.
func (s *Server) Sent() []kavenegar.Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]kavenegar.Entry(nil), s.sent...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	answer := func(status int, entries ...kavenegar.Entry) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(kavenegar.Response{Return: kavenegar.Return{Status: status, Message: messages[status]}, Entries: entries})
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method != http.MethodPost:
		answer(405)
		return
	case len(parts) != 4 || parts[0] != "v1" || parts[2] != "sms" || parts[3] != "send.json":
		answer(404)
		return
	case parts[1] != Key:
		answer(403)
		return
	case s.refuse != 0:
		answer(s.refuse)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("message") == "" || r.PostForm.Get("receptor") == "" {
		answer(400)
		return
	}
	receptor, message := r.PostForm.Get("receptor"), r.PostForm.Get("message")
	switch {
	case len(receptor) != 11 || !strings.HasPrefix(receptor, "09"):
		answer(411)
		return
	case r.PostForm.Get("sender") != Sender:
		answer(412)
		return
	case tooLong(message):
		answer(413)
		return
	}
	if i, ok := s.byLocal[r.PostForm.Get("localid")]; ok && r.PostForm.Get("localid") != "" {
		answer(200, s.sent[i]) // the guard: the first message again, nothing sent
		return
	}
	e := kavenegar.Entry{MessageID: int64(8792343 + len(s.sent)), Message: message, Status: 1,
		StatusText: "در صف ارسال", Sender: r.PostForm.Get("sender"), Receptor: receptor, Cost: 120}
	s.byLocal[r.PostForm.Get("localid")] = len(s.sent)
	s.sent = append(s.sent, e)
	if len(s.sent) == s.holdAt {
		close(s.accepted)
		release := s.release
		s.mu.Unlock()
		select {
		case <-release:
		case <-r.Context().Done(): // the sender is gone
		}
		s.mu.Lock()
	}
	answer(200, e)
}

// tooLong tells whether Kavenegar refuses message for its length: a text with any non-Latin
// letter counts against the Persian limit.
func tooLong(message string) bool {
	n, latin := 0, true
	for _, r := range message {
		n++
		latin = latin && r < 0x80
	}
	return n > maxPersian && (!latin || n > maxLatin)
}
