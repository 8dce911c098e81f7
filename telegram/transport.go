package telegram

import (
	"bytes"
	"io"
	"net/http"
)

// apiTransport is net/http's default transport keeping enough idle connections to the Bot API
// for every sender at once. The default keeps two per host, so with the dispatcher's eight
// senders and the long poll most sends closed their connection afterwards and the next opened
// a new one (a new TLS handshake with Telegram): the simulated month opened ~180 a second.
func apiTransport() *http.Transport {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		// Someone replaced the default; start from net/http's own settings instead.
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true, MaxIdleConns: 100}
	}
	t = t.Clone()
	t.MaxIdleConnsPerHost = maxIdlePerHost
	return t
}

// maxIdlePerHost covers the outbox's senders (8 by default), the long poll and the menus.
const maxIdlePerHost = 16

// wholeBodies sends each request with its body in one piece when it is small. go-telegram/bot
// streams every request through an io.Pipe, so net/http sends it chunked and flushes each
// chunk: a sendMessage became a dozen or more writes to the socket (one per form field). With
// the body read first, a request is one Content-Length write. Bodies larger than
// maxWholeBody (file uploads) still stream.
type wholeBodies struct{ next http.RoundTripper }

// maxWholeBody is the most of a request body held in memory to send it in one piece; Bot API
// requests with text and buttons are a few kilobytes at most.
const maxWholeBody = 256 << 10

func (t wholeBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength > 0 {
		return t.next.RoundTrip(req)
	}
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, req.Body, maxWholeBody+1)
	if err != nil && err != io.EOF {
		req.Body.Close()
		return nil, err
	}
	r := req.Clone(req.Context())
	if n > maxWholeBody {
		// Too big to hold: what was read goes first, then the rest as it comes.
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(&buf, req.Body), req.Body}
		return t.next.RoundTrip(r)
	}
	req.Body.Close()
	r.Body, r.ContentLength = io.NopCloser(&buf), n
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil }
	return t.next.RoundTrip(r)
}

// withWholeBodies returns a copy of c whose requests go out in one piece.
func withWholeBodies(c *http.Client) *http.Client {
	cp := *c
	next := cp.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cp.Transport = wholeBodies{next: next}
	return &cp
}
