package bot

import (
	"testing"
	"time"
)

func TestStrangerGateWindowsAndMemory(t *testing.T) {
	var g strangerGate
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	type step struct {
		at          time.Duration
		ok, warnNow bool
	}
	var steps []step
	for i := range strangerAnswers {
		steps = append(steps, step{time.Duration(i) * time.Second, true, false})
	}
	steps = append(steps, step{30 * time.Second, false, true}, step{31 * time.Second, false, false},
		step{59 * time.Second, false, false}, step{60 * time.Second, true, false},
		step{-time.Hour, true, false}) // a clock that went back starts a new window rather than silencing for an hour
	for i, s := range steps {
		ok, warn := g.allow(7, t0.Add(s.at))
		if ok != s.ok || warn != s.warnNow {
			t.Errorf("step %d (+%v): allow = %v, %v; want %v, %v", i, s.at, ok, warn, s.ok, s.warnNow)
		}
	}
	if !g.allowCrisis(7, t0) || g.allowCrisis(7, t0.Add(time.Second)) || !g.allowCrisis(7, t0.Add(2*strangerWindow)) {
		t.Error("crisis contacts for a silenced stranger: want once a window")
	}
	// Many distinct strangers: windows that have ended are dropped.
	for i := range int64(3 * strangersTracked) {
		g.allow(1000+i, t0.Add(time.Duration(i)*time.Millisecond*100))
	}
	if n := len(g.seen); n > strangersTracked+1 {
		t.Errorf("tracking %d strangers, bound %d", n, strangersTracked)
	}
}
