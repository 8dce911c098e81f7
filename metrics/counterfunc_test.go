package metrics

import (
	"strings"
	"testing"
)

func TestCounterFuncIsWrittenAsACounter(t *testing.T) {
	r := NewRegistry()
	n := 0.0
	r.CounterFunc("tandem_things_total", "Things.", func() float64 { return n })
	n = 3
	var b strings.Builder
	r.WriteTo(&b)
	for _, want := range []string{"# TYPE tandem_things_total counter", "tandem_things_total 3"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("want %q in:\n%s", want, b.String())
		}
	}
}
