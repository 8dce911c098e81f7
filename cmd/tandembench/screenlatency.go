package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/triage"
)

// screenLatencyConfig sizes the risk-screen latency run.
type screenLatencyConfig struct {
	Runs int // screenings of 4,096-character messages
	Size int // characters a message
}

type screenLatencyResult struct {
	cfg             screenLatencyConfig
	p50, p99, max   time.Duration
	short99         time.Duration
	cpuPerScreen    time.Duration // this thread's CPU time, so time spent waiting for a CPU is not counted
	load            string        // /proc/loadavg at the start: other work on the machine
	allocsPerScreen float64
	tiers           map[triage.Tier]int
}

// screenFiller is everyday writing, English and Spanish, that long messages are built from.
var screenFiller = []string{
	"Went to the shops this morning and the bus was late again so I walked. ",
	"Fui a ver a mi hermana y comimos juntas, luego vimos una serie. ",
	"My worker rang about the appointment next week and I said yes. ",
	"The voices were quiet for most of the day which was nice. ",
	"No dormí muy bien pero hoy estoy más tranquila, gracias. ",
	"Had a cup of tea with mum and we watched the quiz on telly. ",
	"Mañana tengo cita con el médico de cabecera por lo de la espalda. ",
	"i dont know what to say really, just a normal day, bit tired tbh. ",
}

// screenWorries are put somewhere in about half the long messages, so matching runs to the end.
var screenWorries = []string{
	"I keep thinking about ending it all.", "took 30 of my sertraline.", "ya no quiero vivir.",
	"the voices tell me to jump.", "no le veo sentido a nada.", "haven't slept in 4 days.",
}

// screenMessages builds n messages of exactly size bytes (cut at a character boundary).
func screenMessages(rng *rand.Rand, n, size int) []string {
	msgs := make([]string, n)
	for i := range msgs {
		var b strings.Builder
		worry := ""
		if i%2 == 0 {
			worry = screenWorries[rng.IntN(len(screenWorries))] + " "
		}
		at := rng.IntN(size)
		for b.Len() < size {
			if worry != "" && b.Len() >= at {
				b.WriteString(worry)
				worry = ""
			}
			b.WriteString(screenFiller[rng.IntN(len(screenFiller))])
		}
		s := b.String()
		for cut := size; cut > 0; cut-- {
			if cut <= len(s) && (cut == len(s) || s[cut]&0xC0 != 0x80) {
				s = s[:cut]
				break
			}
		}
		msgs[i] = s
	}
	return msgs
}

// screenLatency times the default pack's screener on 4,096-character messages, one at a time
// on one goroutine, as the bot screens each incoming message. The pack is compiled first, once,
// as at start-up; garbage collection is part of what is timed.
func screenLatency(cfg screenLatencyConfig) (screenLatencyResult, error) {
	s := content.Default().Screener()
	rng := rand.New(rand.NewPCG(1, 2))
	msgs := screenMessages(rng, 64, cfg.Size)
	short := []string{"I want to die", "hoy fue un buen día", "cant sleep, voices back", "this queue is murder lol"}
	r := screenLatencyResult{cfg: cfg, tiers: map[triage.Tier]int{}}
	for _, m := range msgs { // warm up
		r.tiers[s.Screen(m).Tier]++
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		r.load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	times := make([]time.Duration, cfg.Runs)
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	runtime.LockOSThread()
	c0 := threadCPU()
	for i := range times {
		m := msgs[i%len(msgs)]
		t0 := time.Now()
		s.Screen(m)
		times[i] = time.Since(t0)
	}
	r.cpuPerScreen = (threadCPU() - c0) / time.Duration(cfg.Runs)
	runtime.UnlockOSThread()
	runtime.ReadMemStats(&ms1)
	r.allocsPerScreen = float64(ms1.Mallocs-ms0.Mallocs) / float64(cfg.Runs)
	slices.Sort(times)
	r.p50, r.p99, r.max = times[len(times)/2], times[len(times)*99/100], times[len(times)-1]
	st := make([]time.Duration, 4000)
	for i := range st {
		t0 := time.Now()
		s.Screen(short[i%len(short)])
		st[i] = time.Since(t0)
	}
	slices.Sort(st)
	r.short99 = st[len(st)*99/100]
	return r, nil
}

// threadCPU is the CPU time this OS thread has used (Linux RUSAGE_THREAD); 0 where unknown.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (r screenLatencyResult) rows() []row {
	return []row{
		{"messages screened", fmt.Sprintf("%d × %d characters (half with a worry somewhere)", r.cfg.Runs, r.cfg.Size), ""},
		{"tiers of the 64 distinct messages", fmt.Sprintf("crisis %d, concern %d, relapse %d, none %d", r.tiers[triage.TierCrisis], r.tiers[triage.TierConcern], r.tiers[triage.TierRelapse], r.tiers[triage.TierNone]), ""},
		{"load average at start (1, 5, 15 min)", r.load, "2 CPUs"},
		{"CPU time a screening (this thread)", r.cpuPerScreen.Round(time.Microsecond).String(), ""},
		{"p50", r.p50.Round(time.Microsecond).String(), ""},
		{"p99", r.p99.Round(time.Microsecond).String(), "< 1ms"},
		{"max", r.max.Round(time.Microsecond).String(), ""},
		{"allocations a screening", fmt.Sprintf("%.0f", r.allocsPerScreen), ""},
		{"p99, short messages", r.short99.Round(time.Microsecond).String(), ""},
	}
}

func (r screenLatencyResult) check() error {
	if r.tiers[triage.TierNone] == len(screenWorries) || r.tiers[triage.TierNone] == 0 {
		return fmt.Errorf("screen-latency: the messages did not screen as expected: %v", r.tiers)
	}
	if r.p99 >= time.Millisecond {
		return fmt.Errorf("screen-latency: p99 %v, target < 1ms", r.p99)
	}
	return nil
}
