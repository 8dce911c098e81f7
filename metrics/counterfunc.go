package metrics

import "fmt"

// CounterFunc registers a counter whose value is f(), called every time the metrics are written,
// for a count another part of the program already keeps (f must only ever go up).
func (r *Registry) CounterFunc(name, help string, f func() float64) {
	if f == nil {
		panic(fmt.Sprintf("metrics: %s: nil function", name))
	}
	r.register(name, &gaugeFunc{desc: newDesc(name, help, "counter", nil), f: f})
}
