package metrics

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func render(t *testing.T, r *Registry) string {
	t.Helper()
	var b strings.Builder
	n, err := r.WriteTo(&b)
	if err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	if int(n) != b.Len() {
		t.Errorf("WriteTo returned %d, wrote %d bytes", n, b.Len())
	}
	return b.String()
}

func TestGoldenOutput(t *testing.T) {
	tests := []struct {
		name  string
		setup func(r *Registry)
		want  string
	}{
		{
			name: "counter without labels shows zero before any event",
			setup: func(r *Registry) {
				r.Counter("tandem_updates_duplicate_total", "Updates delivered twice.")
			},
			want: `# HELP tandem_updates_duplicate_total Updates delivered twice.
# TYPE tandem_updates_duplicate_total counter
tandem_updates_duplicate_total 0
`,
		},
		{
			name: "counter with labels, sorted by label values",
			setup: func(r *Registry) {
				c := r.Counter("tandem_outbox_sent_total", "Messages delivered, by priority.", "priority", "kind")
				c.With("urgent", "flag").Inc()
				c.With("normal", "reply").Add(2.5)
				c.With("normal", "digest").Inc()
				c.With("urgent", "flag").Inc()
			},
			want: `# HELP tandem_outbox_sent_total Messages delivered, by priority.
# TYPE tandem_outbox_sent_total counter
tandem_outbox_sent_total{priority="normal",kind="digest"} 1
tandem_outbox_sent_total{priority="normal",kind="reply"} 2.5
tandem_outbox_sent_total{priority="urgent",kind="flag"} 2
`,
		},
		{
			name: "labelled metric with no samples writes nothing",
			setup: func(r *Registry) {
				r.Counter("tandem_unused_total", "Nothing yet.", "kind")
				r.Gauge("tandem_unused", "Nothing yet.", "kind")
				r.Histogram("tandem_unused_seconds", "Nothing yet.", []float64{1}, "kind")
			},
			want: "",
		},
		{
			name: "gauge set, inc, dec, add, sub",
			setup: func(r *Registry) {
				g := r.Gauge("tandem_inflight", "Messages being sent.", "chat_kind")
				g.With("private").Set(5)
				g.With("private").Inc()
				g.With("private").Dec()
				g.With("private").Dec()
				g.With("group").Add(-1.25)
				g.With("group").Sub(0.75)
				r.Gauge("tandem_plain", "A gauge without labels.").With().Set(1e21)
			},
			want: `# HELP tandem_inflight Messages being sent.
# TYPE tandem_inflight gauge
tandem_inflight{chat_kind="group"} -2
tandem_inflight{chat_kind="private"} 4
# HELP tandem_plain A gauge without labels.
# TYPE tandem_plain gauge
tandem_plain 1e+21
`,
		},
		{
			name: "gauge func is read at write time",
			setup: func(r *Registry) {
				n := 1.0
				r.GaugeFunc("tandem_outbox_pending", "Messages waiting.", func() float64 { n *= 7; return n })
			},
			want: `# HELP tandem_outbox_pending Messages waiting.
# TYPE tandem_outbox_pending gauge
tandem_outbox_pending 7
`,
		},
		{
			name: "special values",
			setup: func(r *Registry) {
				g := r.Gauge("tandem_special", "Odd values.", "v")
				g.With("inf").Set(math.Inf(1))
				g.With("neg_inf").Set(math.Inf(-1))
				g.With("nan").Set(math.NaN())
			},
			want: `# HELP tandem_special Odd values.
# TYPE tandem_special gauge
tandem_special{v="inf"} +Inf
tandem_special{v="nan"} NaN
tandem_special{v="neg_inf"} -Inf
`,
		},
		{
			name: "histogram buckets are cumulative with +Inf, sum and count",
			setup: func(r *Registry) {
				h := r.Histogram("tandem_update_handle_seconds", "Time to handle an update.", []float64{0.005, 0.1, 1})
				for _, v := range []float64{0.001, 0.005, 0.05, 0.5, 0.5, 3, math.NaN()} {
					h.With().Observe(v)
				}
			},
			want: `# HELP tandem_update_handle_seconds Time to handle an update.
# TYPE tandem_update_handle_seconds histogram
tandem_update_handle_seconds_bucket{le="0.005"} 2
tandem_update_handle_seconds_bucket{le="0.1"} 3
tandem_update_handle_seconds_bucket{le="1"} 5
tandem_update_handle_seconds_bucket{le="+Inf"} 6
tandem_update_handle_seconds_sum 4.056
tandem_update_handle_seconds_count 6
`,
		},
		{
			name: "histogram with labels and an explicit +Inf bucket",
			setup: func(r *Registry) {
				h := r.Histogram("tandem_send_seconds", "Time to send.", []float64{1, math.Inf(1)}, "method")
				h.With("sendMessage").Observe(2)
				h.With("editMessageText").Observe(0.5)
			},
			want: `# HELP tandem_send_seconds Time to send.
# TYPE tandem_send_seconds histogram
tandem_send_seconds_bucket{method="editMessageText",le="1"} 1
tandem_send_seconds_bucket{method="editMessageText",le="+Inf"} 1
tandem_send_seconds_sum{method="editMessageText"} 0.5
tandem_send_seconds_count{method="editMessageText"} 1
tandem_send_seconds_bucket{method="sendMessage",le="1"} 0
tandem_send_seconds_bucket{method="sendMessage",le="+Inf"} 1
tandem_send_seconds_sum{method="sendMessage"} 2
tandem_send_seconds_count{method="sendMessage"} 1
`,
		},
		{
			name: "families sorted by name whatever the registration order",
			setup: func(r *Registry) {
				r.Counter("b_total", "B.")
				r.GaugeFunc("a", "A.", func() float64 { return 1 })
				r.Gauge("c", "C.")
			},
			want: `# HELP a A.
# TYPE a gauge
a 1
# HELP b_total B.
# TYPE b_total counter
b_total 0
# HELP c C.
# TYPE c gauge
c 0
`,
		},
		{
			name: "escaping in help and label values",
			setup: func(r *Registry) {
				c := r.Counter("tandem_escape_total", "Help with a \\ backslash,\na line feed and \"quotes\".", "v")
				c.With("a\\b").Inc()
				c.With("say \"hi\"").Inc()
				c.With("two\nlines").Inc()
			},
			want: `# HELP tandem_escape_total Help with a \\ backslash,\na line feed and "quotes".
# TYPE tandem_escape_total counter
tandem_escape_total{v="a\\b"} 1
tandem_escape_total{v="say \"hi\""} 1
tandem_escape_total{v="two\nlines"} 1
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRegistry()
			tt.setup(r)
			if got := render(t, r); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestProgrammingErrorsPanic(t *testing.T) {
	tests := []struct {
		name string
		f    func(r *Registry)
	}{
		{"same name twice", func(r *Registry) { r.Counter("x_total", "X."); r.Gauge("x_total", "X.") }},
		{"gauge func over a counter", func(r *Registry) { r.Counter("x", "X."); r.GaugeFunc("x", "X.", func() float64 { return 0 }) }},
		{"name clashes with a histogram series", func(r *Registry) { r.Histogram("h", "H.", []float64{1}); r.Counter("h_count", "C.") }},
		{"invalid metric name", func(r *Registry) { r.Counter("tandem-sent", "X.") }},
		{"invalid label name", func(r *Registry) { r.Counter("x", "X.", "chat-kind") }},
		{"reserved label name", func(r *Registry) { r.Counter("x", "X.", "__name") }},
		{"le on a histogram", func(r *Registry) { r.Histogram("h", "H.", []float64{1}, "le") }},
		{"label twice", func(r *Registry) { r.Gauge("x", "X.", "a", "a") }},
		{"buckets out of order", func(r *Registry) { r.Histogram("h", "H.", []float64{1, 0.5}) }},
		{"too few label values", func(r *Registry) { r.Counter("x", "X.", "a", "b").With("only one") }},
		{"too many label values", func(r *Registry) { r.Counter("x", "X.").With("extra") }},
		{"counter going down", func(r *Registry) { r.Counter("x", "X.").With().Add(-1) }},
		{"nil gauge func", func(r *Registry) { r.GaugeFunc("x", "X.", nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			tt.f(NewRegistry())
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c_total", "C.", "worker")
	g := r.Gauge("g", "G.")
	h := r.Histogram("h_seconds", "H.", []float64{0.5, 1}, "worker")
	const workers, each = 8, 1000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			label := fmt.Sprint(w % 2)
			for i := range each {
				c.With(label).Inc()
				g.With().Inc()
				h.With(label).Observe(float64(i%3) * 0.5)
				if i%100 == 0 {
					// Scrapes happen while the program counts.
					var b strings.Builder
					_, _ = r.WriteTo(&b)
				}
			}
		}()
	}
	// Registering while others write must also be safe.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 50 {
			r.GaugeFunc(fmt.Sprintf("late_%d", i), "Late.", func() float64 { return 1 })
		}
	}()
	wg.Wait()
	out := render(t, r)
	for _, want := range []string{
		`c_total{worker="0"} 4000`,
		`c_total{worker="1"} 4000`,
		"g 8000",
		`h_seconds_bucket{worker="0",le="+Inf"} 4000`,
		`h_seconds_count{worker="1"} 4000`,
		"late_49 1",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestHandler(t *testing.T) {
	r := NewRegistry()
	r.Counter("tandem_updates_received_total", "Updates.", "source").With("poll").Add(3)
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)

	tests := []struct {
		method     string
		wantStatus int
		wantBody   string
	}{
		{http.MethodGet, http.StatusOK, "# HELP tandem_updates_received_total Updates.\n# TYPE tandem_updates_received_total counter\ntandem_updates_received_total{source=\"poll\"} 3\n"},
		{http.MethodHead, http.StatusOK, ""},
		{http.MethodPost, http.StatusMethodNotAllowed, "method not allowed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.wantStatus == http.StatusOK {
				if ct := resp.Header.Get("Content-Type"); ct != "text/plain; version=0.0.4; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
			}
			if string(body) != tt.wantBody {
				t.Errorf("body %q, want %q", body, tt.wantBody)
			}
		})
	}
}
