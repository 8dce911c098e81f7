package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

var (
	alice = User{ID: 1001, FirstName: "Alice", LastName: "Adams", Username: "alice", LanguageCode: "en"}
	bob   = User{ID: 1002, FirstName: "Bob"}
)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestServer starts an emulator that is closed when the test ends.
func newTestServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	return s
}

// newTestBot is the real go-telegram/bot client pointed at s.
func newTestBot(t *testing.T, s *Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{bot.WithServerURL(s.URL()), bot.WithSkipGetMe()}, opts...)
	b, err := bot.New(s.Token(), opts...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// rawResponse is a Bot API answer decoded loosely, for raw HTTP tests.
type rawResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
	Status int `json:"-"`
}

// encoding is how a raw request carries its arguments.
type encoding int

const (
	asJSON encoding = iota
	asForm
	asQuery
	asMultipart
)

func (e encoding) String() string {
	return [...]string{"json", "form", "query", "multipart"}[e]
}

// call makes one raw Bot API request. Values that are not strings are sent
// as JSON (inside form fields, as Telegram expects).
func call(t *testing.T, s *Server, method string, enc encoding, args map[string]any) rawResponse {
	t.Helper()
	return callURL(t, s.URL()+"/bot"+s.Token()+"/"+method, enc, args)
}

func callURL(t *testing.T, u string, enc encoding, args map[string]any) rawResponse {
	t.Helper()
	r, err := doCall(u, enc, args)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// doCall is callURL for goroutines, which must not call t.Fatal.
func doCall(u string, enc encoding, args map[string]any) (rawResponse, error) {
	text := func(v any) string {
		if s, ok := v.(string); ok {
			return s
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	var req *http.Request
	var err error
	switch enc {
	case asJSON:
		body, _ := json.Marshal(args)
		req, err = http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	case asForm, asQuery:
		vals := url.Values{}
		for k, v := range args {
			vals.Set(k, text(v))
		}
		if enc == asForm {
			req, err = http.NewRequest(http.MethodPost, u, strings.NewReader(vals.Encode()))
			if err == nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
		} else {
			req, err = http.NewRequest(http.MethodGet, u+"?"+vals.Encode(), nil)
		}
	case asMultipart:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range args {
			if f, ok := v.(fileArg); ok {
				w, _ := mw.CreateFormFile(k, f.name)
				_, _ = w.Write(f.data)
				continue
			}
			_ = mw.WriteField(k, text(v))
		}
		_ = mw.Close()
		req, err = http.NewRequest(http.MethodPost, u, &buf)
		if err == nil {
			req.Header.Set("Content-Type", mw.FormDataContentType())
		}
	}
	if err != nil {
		return rawResponse{}, fmt.Errorf("build request: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return rawResponse{}, err
	}
	defer resp.Body.Close()
	var r rawResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return rawResponse{}, fmt.Errorf("decode answer: %w", err)
	}
	r.Status = resp.StatusCode
	if r.OK != (resp.StatusCode == http.StatusOK) || (!r.OK && r.ErrorCode != resp.StatusCode) {
		return r, fmt.Errorf("HTTP status %d does not match body ok=%v error_code=%d", resp.StatusCode, r.OK, r.ErrorCode)
	}
	return r, nil
}

// fileArg is a file part for asMultipart requests.
type fileArg struct {
	name string
	data []byte
}

// mustOK fails the test unless r succeeded.
func mustOK(t *testing.T, r rawResponse) {
	t.Helper()
	if !r.OK {
		t.Fatalf("want ok, got %d %q", r.ErrorCode, r.Description)
	}
}

// startChat makes u write to the bot so that the bot may write back.
func startChat(t *testing.T, s *Server, u User) {
	t.Helper()
	if _, err := s.SendMessage(u, "/start"); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
}
