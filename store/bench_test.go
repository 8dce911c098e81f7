package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchDue is how many schedule entries are due in every DueSchedules benchmark, whatever the
// number enrolled: the query's cost should follow this, not the size of the service.
const benchDue = 50

// benchNow is the instant the benchmarks ask "what is due?" at.
var benchNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// openEnrolled opens a store with enrolled people, each with one schedule entry: benchDue of
// them due at or before benchNow, the rest spread over the following day.
func openEnrolled(tb testing.TB, enrolled int) *Store {
	tb.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(tb.TempDir(), "bench.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	// Seeded in one transaction: enrolling through the bot would take the benchmark's whole
	// budget and measure something else.
	spread := 24 * time.Hour / time.Duration(enrolled)
	err = s.Seed(ctx, Population{People: enrolled, PersonBase: 10_000_000, WorkerBase: 1000, At: benchNow,
		Due: func(i int) time.Time {
			if i < benchDue {
				return benchNow.Add(-time.Duration(i) * time.Second) // the first benchDue: due now
			}
			return benchNow.Add(time.Duration(i-benchDue+1) * spread)
		}})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkDueSchedules finds benchDue due entries among 1k, 10k, 100k and 1M enrolled. ns/op should
// stay roughly flat across the sizes (run with -bench DueSchedules -benchtime 2000x).
func BenchmarkDueSchedules(b *testing.B) {
	for _, enrolled := range []int{1_000, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("enrolled=%d/due=%d", enrolled, benchDue), func(b *testing.B) {
			s := openEnrolled(b, enrolled)
			ctx := context.Background()
			for b.Loop() {
				due, err := s.DueSchedules(ctx, benchNow, 200)
				if err != nil {
					b.Fatal(err)
				}
				if len(due) != benchDue {
					b.Fatalf("%d due, want %d", len(due), benchDue)
				}
			}
		})
	}
}

// TestDueSchedulesUsesTheDueIndex checks that finding what is due reads the schedules_due index
// rather than every schedule, so a 09:00 pass costs what is due, not how many people there are.
func TestDueSchedulesUsesTheDueIndex(t *testing.T) {
	s := openEnrolled(t, 2_000)
	ctx := context.Background()
	due, err := s.DueSchedules(ctx, benchNow, 200)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != benchDue {
		t.Fatalf("%d due, want %d", len(due), benchDue)
	}
	// The query DueSchedules runs; keep the two alike.
	rows, err := s.r.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT `+scheduleCols+` FROM schedules WHERE next_due <= ? ORDER BY next_due LIMIT ?`, millis(benchNow), 200)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	got := strings.Join(plan, "; ")
	if !strings.Contains(got, "USING INDEX schedules_due") || strings.Contains(got, "SCAN schedules") || strings.Contains(got, "TEMP B-TREE") {
		t.Errorf("due query plan %q: want a search of schedules_due with no scan or sort", got)
	}
}
