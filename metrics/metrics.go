// Package metrics exposes a handful of counters, gauges and histograms in the Prometheus text
// exposition format (version 0.0.4) using only the standard library. Tandem needs a few series
// on its admin port, not the whole Prometheus client and its dependencies.
//
// Metrics are registered once, at start-up, on a Registry; registering a name twice, or using
// a name or label the format does not allow, is a programming error and panics. Everything is
// safe for concurrent use, and the output is in a fixed order (by metric name, then by label
// values) so that it can be compared in tests and diffed by people.
package metrics

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ContentType is the media type of the text exposition format that Registry writes.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

var (
	metricNameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelNameRE  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// Registry holds the metrics a process exposes and writes them out.
// The zero Registry is not usable: make one with NewRegistry.
type Registry struct {
	mu       sync.Mutex
	families map[string]family
	// names holds every series name in use, including a histogram's _bucket, _sum and _count,
	// so that no two metrics can write lines with the same name.
	names map[string]bool
}

// family is one metric with all its label combinations.
type family interface {
	// write appends the family's HELP, TYPE and sample lines; it writes nothing when the
	// family has no samples yet.
	write(b *bytes.Buffer)
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry {
	return &Registry{families: map[string]family{}, names: map[string]bool{}}
}

// register claims name (and any suffixed series names) for f, panicking on a clash: two parts
// of the program counting different things under one name would make the numbers lie.
func (r *Registry) register(name string, f family, suffixes ...string) {
	if !metricNameRE.MatchString(name) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	all := []string{name}
	for _, s := range suffixes {
		all = append(all, name+s)
	}
	for _, n := range all {
		if r.names[n] {
			panic(fmt.Sprintf("metrics: %q registered twice", n))
		}
	}
	for _, n := range all {
		r.names[n] = true
	}
	r.families[name] = f
}

// desc is what every family knows about itself.
type desc struct {
	name, help, kind string
	labelNames       []string
}

func newDesc(name, help, kind string, labelNames []string, reserved ...string) desc {
	seen := map[string]bool{}
	for _, l := range labelNames {
		if !labelNameRE.MatchString(l) || strings.HasPrefix(l, "__") || slices.Contains(reserved, l) {
			panic(fmt.Sprintf("metrics: %s: invalid label name %q", name, l))
		}
		if seen[l] {
			panic(fmt.Sprintf("metrics: %s: label %q given twice", name, l))
		}
		seen[l] = true
	}
	return desc{name: name, help: help, kind: kind, labelNames: slices.Clone(labelNames)}
}

// header writes the HELP and TYPE lines.
func (d desc) header(b *bytes.Buffer) {
	b.WriteString("# HELP ")
	b.WriteString(d.name)
	b.WriteByte(' ')
	b.WriteString(escapeHelp(d.help))
	b.WriteString("\n# TYPE ")
	b.WriteString(d.name)
	b.WriteByte(' ')
	b.WriteString(d.kind)
	b.WriteByte('\n')
}

// sample writes one sample line: name{labels} value.
func (d desc) sample(b *bytes.Buffer, name string, labelValues []string, extraName, extraValue string, v float64) {
	b.WriteString(name)
	if len(labelValues) > 0 || extraName != "" {
		b.WriteByte('{')
		for i, l := range d.labelNames {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(l)
			b.WriteString(`="`)
			b.WriteString(escapeLabelValue(labelValues[i]))
			b.WriteByte('"')
		}
		if extraName != "" {
			if len(labelValues) > 0 {
				b.WriteByte(',')
			}
			b.WriteString(extraName)
			b.WriteString(`="`)
			b.WriteString(extraValue)
			b.WriteByte('"')
		}
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(formatFloat(v))
	b.WriteByte('\n')
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

// escapeHelp escapes HELP text as the format requires: backslash and line feed.
func escapeHelp(s string) string { return helpEscaper.Replace(s) }

// escapeLabelValue escapes a label value: backslash, double quote and line feed.
func escapeLabelValue(s string) string { return labelEscaper.Replace(s) }

// formatFloat writes a value the way Prometheus reads it, with +Inf, -Inf and NaN spelt out.
func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// vec keeps one child per combination of label values, created on first use.
type vec[T any] struct {
	desc
	newChild func() *T
	mu       sync.Mutex
	children map[string]*child[T]
}

type child[T any] struct {
	labelValues []string
	metric      *T
}

func newVec[T any](d desc, newChild func() *T) *vec[T] {
	v := &vec[T]{desc: d, newChild: newChild, children: map[string]*child[T]{}}
	if len(d.labelNames) == 0 {
		// A metric without labels shows 0 from the start, so a dashboard sees the series
		// before the first event rather than a gap.
		v.with()
	}
	return v
}

// with returns the child for labelValues, making it if need be.
func (v *vec[T]) with(labelValues ...string) *T {
	if len(labelValues) != len(v.labelNames) {
		panic(fmt.Sprintf("metrics: %s: got %d label values for labels %v", v.name, len(labelValues), v.labelNames))
	}
	// The NUL byte cannot be typed in a label value by accident, so it separates safely.
	key := strings.Join(labelValues, "\x00")
	v.mu.Lock()
	defer v.mu.Unlock()
	c, ok := v.children[key]
	if !ok {
		c = &child[T]{labelValues: slices.Clone(labelValues), metric: v.newChild()}
		v.children[key] = c
	}
	return c.metric
}

// sorted returns the children ordered by their label values.
func (v *vec[T]) sorted() []*child[T] {
	v.mu.Lock()
	cs := make([]*child[T], 0, len(v.children))
	for _, c := range v.children {
		cs = append(cs, c)
	}
	v.mu.Unlock()
	sort.Slice(cs, func(i, j int) bool { return slices.Compare(cs[i].labelValues, cs[j].labelValues) < 0 })
	return cs
}

// atomicFloat is a float64 updated without locks.
type atomicFloat struct{ bits atomic.Uint64 }

func (f *atomicFloat) load() float64   { return math.Float64frombits(f.bits.Load()) }
func (f *atomicFloat) store(v float64) { f.bits.Store(math.Float64bits(v)) }
func (f *atomicFloat) add(v float64) {
	for {
		old := f.bits.Load()
		if f.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// Counter is a value that only goes up: events since the process started.
type Counter struct{ v atomicFloat }

// Inc adds one.
func (c *Counter) Inc() { c.v.add(1) }

// Add adds v, which must not be negative: a counter that went down would read as a restart.
func (c *Counter) Add(v float64) {
	if v < 0 {
		panic(fmt.Sprintf("metrics: counter cannot decrease (Add(%v))", v))
	}
	c.v.add(v)
}

// Value returns the current count, for tests and for code that reports it elsewhere.
func (c *Counter) Value() float64 { return c.v.load() }

// CounterVec is a counter with labels: one Counter per combination of label values.
type CounterVec struct{ v *vec[Counter] }

// With returns the Counter for the given label values, in the order the labels were
// registered. It panics when the number of values does not match the labels.
func (c *CounterVec) With(labelValues ...string) *Counter { return c.v.with(labelValues...) }

func (c *CounterVec) write(b *bytes.Buffer) {
	cs := c.v.sorted()
	if len(cs) == 0 {
		return
	}
	c.v.header(b)
	for _, ch := range cs {
		c.v.sample(b, c.v.name, ch.labelValues, "", "", ch.metric.Value())
	}
}

// Counter registers a counter named name, with a help line and the given label names.
func (r *Registry) Counter(name, help string, labelNames ...string) *CounterVec {
	c := &CounterVec{v: newVec(newDesc(name, help, "counter", labelNames), func() *Counter { return &Counter{} })}
	r.register(name, c)
	return c
}

// Gauge is a value that goes up and down: things in flight, queue lengths.
type Gauge struct{ v atomicFloat }

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.v.store(v) }

// Inc adds one.
func (g *Gauge) Inc() { g.v.add(1) }

// Dec subtracts one.
func (g *Gauge) Dec() { g.v.add(-1) }

// Add adds v, which may be negative.
func (g *Gauge) Add(v float64) { g.v.add(v) }

// Sub subtracts v.
func (g *Gauge) Sub(v float64) { g.v.add(-v) }

// Value returns the gauge's current value.
func (g *Gauge) Value() float64 { return g.v.load() }

// GaugeVec is a gauge with labels: one Gauge per combination of label values.
type GaugeVec struct{ v *vec[Gauge] }

// With returns the Gauge for the given label values, in the order the labels were registered.
// It panics when the number of values does not match the labels.
func (g *GaugeVec) With(labelValues ...string) *Gauge { return g.v.with(labelValues...) }

func (g *GaugeVec) write(b *bytes.Buffer) {
	cs := g.v.sorted()
	if len(cs) == 0 {
		return
	}
	g.v.header(b)
	for _, ch := range cs {
		g.v.sample(b, g.v.name, ch.labelValues, "", "", ch.metric.Value())
	}
}

// Gauge registers a gauge named name, with a help line and the given label names.
func (r *Registry) Gauge(name, help string, labelNames ...string) *GaugeVec {
	g := &GaugeVec{v: newVec(newDesc(name, help, "gauge", labelNames), func() *Gauge { return &Gauge{} })}
	r.register(name, g)
	return g
}

// gaugeFunc is a gauge read by calling a function each time the metrics are written.
type gaugeFunc struct {
	desc
	f func() float64
}

func (g *gaugeFunc) write(b *bytes.Buffer) {
	g.header(b)
	g.sample(b, g.name, nil, "", "", g.f())
}

// GaugeFunc registers a gauge whose value is f(), called every time the metrics are written
// (so f should be quick, and safe to call from any goroutine). It suits values another part of
// the program already knows, such as the length of a queue in the database.
func (r *Registry) GaugeFunc(name, help string, f func() float64) {
	if f == nil {
		panic(fmt.Sprintf("metrics: %s: nil function", name))
	}
	r.register(name, &gaugeFunc{desc: newDesc(name, help, "gauge", nil), f: f})
}

// Histogram counts observations (such as how long something took) in buckets.
type Histogram struct {
	upper []float64 // upper bounds, increasing, without +Inf
	// mu keeps counts, sum and count consistent with one another in what is written out.
	mu     sync.Mutex
	counts []uint64 // counts[i] observations <= upper[i] and > upper[i-1]; last is +Inf
	sum    float64
	count  uint64
}

// Observe records one observation. NaN is ignored: it would make the sum meaningless forever.
func (h *Histogram) Observe(v float64) {
	if math.IsNaN(v) {
		return
	}
	i := sort.SearchFloat64s(h.upper, v) // the first bucket whose bound is >= v
	h.mu.Lock()
	h.counts[i]++
	h.sum += v
	h.count++
	h.mu.Unlock()
}

// HistogramVec is a histogram with labels: one Histogram per combination of label values.
type HistogramVec struct {
	v     *vec[Histogram]
	upper []float64
}

// With returns the Histogram for the given label values, in the order the labels were
// registered. It panics when the number of values does not match the labels.
func (h *HistogramVec) With(labelValues ...string) *Histogram { return h.v.with(labelValues...) }

func (h *HistogramVec) write(b *bytes.Buffer) {
	cs := h.v.sorted()
	if len(cs) == 0 {
		return
	}
	h.v.header(b)
	for _, ch := range cs {
		m := ch.metric
		m.mu.Lock()
		counts, sum, count := slices.Clone(m.counts), m.sum, m.count
		m.mu.Unlock()
		var cumulative uint64
		for i, bound := range h.upper {
			cumulative += counts[i]
			h.v.sample(b, h.v.name+"_bucket", ch.labelValues, "le", formatFloat(bound), float64(cumulative))
		}
		h.v.sample(b, h.v.name+"_bucket", ch.labelValues, "le", "+Inf", float64(count))
		h.v.sample(b, h.v.name+"_sum", ch.labelValues, "", "", sum)
		h.v.sample(b, h.v.name+"_count", ch.labelValues, "", "", float64(count))
	}
}

// Histogram registers a histogram named name with the given bucket upper bounds, which must
// increase; the +Inf bucket is always added, so it need not be given.
func (r *Registry) Histogram(name, help string, buckets []float64, labelNames ...string) *HistogramVec {
	upper := slices.Clone(buckets)
	if n := len(upper); n > 0 && math.IsInf(upper[n-1], 1) {
		upper = upper[:n-1]
	}
	for i, b := range upper {
		if math.IsNaN(b) || (i > 0 && b <= upper[i-1]) {
			panic(fmt.Sprintf("metrics: %s: buckets must increase, got %v", name, buckets))
		}
	}
	newHistogram := func() *Histogram {
		return &Histogram{upper: upper, counts: make([]uint64, len(upper)+1)}
	}
	h := &HistogramVec{v: newVec(newDesc(name, help, "histogram", labelNames, "le"), newHistogram), upper: upper}
	r.register(name, h, "_bucket", "_sum", "_count")
	return h
}

// WriteTo writes every metric that has samples in the text exposition format, ordered by name
// and then by label values.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	names := make([]string, 0, len(r.families))
	for n := range r.families {
		names = append(names, n)
	}
	fams := make([]family, 0, len(names))
	slices.Sort(names)
	for _, n := range names {
		fams = append(fams, r.families[n])
	}
	// Unlock before writing: a GaugeFunc may be slow, and must not hold up registration.
	r.mu.Unlock()
	var b bytes.Buffer
	for _, f := range fams {
		f.write(&b)
	}
	return b.WriteTo(w)
}

// Handler serves the metrics over HTTP for Prometheus to scrape.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		var b bytes.Buffer
		if _, err := r.WriteTo(&b); err != nil {
			http.Error(w, "metrics: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		if req.Method == http.MethodGet {
			_, _ = b.WriteTo(w) // the scraper hung up; nothing to tell it
		}
	})
}
