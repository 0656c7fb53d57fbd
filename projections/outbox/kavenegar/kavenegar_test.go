package kavenegar_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar/kavenegartest"
)

func TestSend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	msg := outbox.Message{Key: 7, To: "09121234567", Body: "درخواست شما ثبت شد"}

	t.Run("sends once per localid", func(t *testing.T) {
		t.Parallel()
		srv := kavenegartest.Start(t)
		c := kavenegar.New(srv.URL, kavenegartest.Key, kavenegartest.Sender, http.DefaultClient)
		first, err := c.Send(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		again, err := c.Send(ctx, msg)
		if err != nil || again != first {
			t.Fatalf("resend = %q, %v; want the first message id %q", again, err, first)
		}
		if sent := srv.Sent(); len(sent) != 1 || sent[0].Receptor != msg.To || sent[0].Sender != kavenegartest.Sender || sent[0].Message != msg.Body {
			t.Fatalf("sent %+v", sent)
		}
	})
	for _, tc := range []struct {
		name      string
		key       string
		refuse    int
		to        string
		sender    string
		body      string
		status    int
		permanent bool
	}{
		{name: "a bad key waits for the operator", key: "wrong", status: 403},
		{name: "insufficient credit waits for the operator", refuse: 418, status: 418},
		{name: "the rate limit retries later", refuse: 451, status: 451},
		{name: "a busy server retries later", refuse: 409, status: 409},
		{name: "an invalid receptor is permanent", to: "0912", status: 411, permanent: true},
		{name: "a wrong sender line waits for the operator", sender: "3000", status: 412},
		{name: "a message over 268 Persian characters is permanent", body: strings.Repeat("ش", 269), status: 413, permanent: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := kavenegartest.Start(t)
			srv.Refuse(tc.refuse)
			key := kavenegartest.Key
			if tc.key != "" {
				key = tc.key
			}
			m := msg
			if tc.to != "" {
				m.To = tc.to
			}
			if tc.body != "" {
				m.Body = tc.body
			}
			sender := kavenegartest.Sender
			if tc.sender != "" {
				sender = tc.sender
			}
			_, err := kavenegar.New(srv.URL, key, sender, http.DefaultClient).Send(ctx, m)
			var ke *kavenegar.Error
			if !errors.As(err, &ke) || ke.Status != tc.status {
				t.Fatalf("err = %v, want status %d", err, tc.status)
			}
			if got := errors.Is(err, outbox.ErrPermanent); got != tc.permanent {
				t.Fatalf("permanent = %v, want %v", got, tc.permanent)
			}
			if len(srv.Sent()) != 0 {
				t.Fatal("a refused call sent a message")
			}
		})
	}
}
