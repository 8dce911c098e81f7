package telegram

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// go-telegram/bot streams each request body through a pipe; the transport must deliver the
// same bytes, in one piece with a Content-Length when small, and still stream large uploads.
func TestWholeBodiesSendsSmallRequestsInOnePiece(t *testing.T) {
	type seen struct {
		length  int64
		chunked bool
		body    []byte
	}
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.ContentLength, len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked", b}
	}))
	defer srv.Close()
	client := withWholeBodies(&http.Client{Transport: apiTransport()})
	for _, tc := range []struct {
		name        string
		size        int
		wantChunked bool
	}{
		{"a sendMessage", 2 << 10, false},
		{"exactly the limit", maxWholeBody, false},
		{"an upload past the limit", maxWholeBody + 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := bytes.Repeat([]byte("ab"), tc.size/2+1)[:tc.size]
			pr, pw := io.Pipe()
			go func() {
				// As go-telegram/bot writes its form: in many small pieces.
				for b := want; len(b) > 0; b = b[min(len(b), 100):] {
					pw.Write(b[:min(len(b), 100)])
				}
				pw.Close()
			}()
			req, err := http.NewRequest(http.MethodPost, srv.URL, pr)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			s := <-got
			if !bytes.Equal(s.body, want) {
				t.Fatalf("server got %d bytes, not the %d sent", len(s.body), len(want))
			}
			if s.chunked != tc.wantChunked {
				t.Errorf("chunked = %v, want %v", s.chunked, tc.wantChunked)
			}
			if !tc.wantChunked && s.length != int64(tc.size) {
				t.Errorf("Content-Length %d, want %d", s.length, tc.size)
			}
		})
	}
	if n := client.Transport.(wholeBodies).next.(*http.Transport).MaxIdleConnsPerHost; n < 9 {
		t.Errorf("keeps %d idle connections a host; the outbox's 8 senders and the poll need more", n)
	}
}
