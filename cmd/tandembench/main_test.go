package main

import (
	"context"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandemcare/tandem/triage"
)

// The smoke runs check what must hold on any machine (nothing lost, doubled or refused); the
// speeds are for the full runs recorded in BENCHMARKS.md, never asserted here.

func TestFanoutSendsEachPromptOnceWithinTelegramsLimits(t *testing.T) {
	t.Parallel()
	r, err := fanout(context.Background(), fanoutConfig{People: 60, Rate: 25, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.check(); err != nil {
		t.Error(err)
	}
	if r.MaxInOneSecond > 30 {
		t.Errorf("%d messages arrived within one second; Telegram allows 30", r.MaxInOneSecond)
	}
}

func TestPaidBroadcastSendsPromptsPastTheFreeLimit(t *testing.T) {
	t.Parallel()
	r, err := fanout(context.Background(), fanoutConfig{People: 120, Rate: 25, PaidRate: 200, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.check(); err != nil {
		t.Error(err)
	}
	if r.Paid != 120 {
		t.Errorf("%d of 120 prompts went as paid broadcasts", r.Paid)
	}
}

func TestCrisisRepliesAfterOtherRepliesToTheSameChat(t *testing.T) {
	t.Parallel()
	r, err := urgent(context.Background(), urgentConfig{People: 50, Idle: true, Before: 2, Samples: 5, Every: 100 * time.Millisecond, Rate: 25, Dir: t.TempDir(), Progress: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if r.MissingCrisis+r.MissingFlag != 0 || r.TooMany != 0 {
		t.Errorf("crisis replies after two quick replies: %d missing, %d flags missing, %d 429s", r.MissingCrisis, r.MissingFlag, r.TooMany)
	}
}

func TestAnswersAreStoredAndNextQuestionsQueued(t *testing.T) {
	t.Parallel()
	for _, live := range []bool{false, true} {
		r, err := answers(context.Background(), answersConfig{People: 200, Live: live, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.check(); err != nil {
			t.Errorf("live=%v: %v", live, err)
		}
	}
}

func TestScaleStartsTheRealBinaryAndSendsWhatIsDue(t *testing.T) {
	t.Parallel()
	r, err := scale(context.Background(), scaleConfig{People: 2000, Due: 20, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.check(); err != nil {
		t.Error(err)
	}
	if r.AtStartup.RSS == 0 || r.AfterSent.HWM < r.AtStartup.RSS {
		t.Errorf("memory readings look wrong: %+v then %+v", r.AtStartup, r.AfterSent)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"nonsense"}, {"answers", "-mode", "fast"}} {
		if err := run(context.Background(), args, io.Discard); err == nil || !strings.Contains(err.Error(), "tandembench") && !strings.Contains(err.Error(), "-mode") {
			t.Errorf("%v: error %v, want usage", args, err)
		}
	}
}

func TestARateTheConfigurationRefusesFailsTheBench(t *testing.T) {
	for _, args := range [][]string{{"fanout", "-rate", "31"}, {"fanout", "-rate", "0"}, {"urgent", "-rate", "45"}} {
		err := run(context.Background(), args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "send_rate") {
			t.Errorf("%v: error %v, want the configuration's refusal", args, err)
		}
	}
}

func TestUrgentRepliesAndFlagsArriveDuringAFanout(t *testing.T) {
	r, err := urgent(context.Background(), urgentConfig{People: 300, Samples: 5, Every: 100 * time.Millisecond, Rate: 25, Dir: t.TempDir(), Progress: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if r.MissingCrisis+r.MissingFlag != 0 || r.TooMany != 0 || len(r.Crisis) != 5 || len(r.Flag) != 5 {
		t.Errorf("urgent smoke run: %+v", r)
	}
}

func TestScreenLatencyScreensLongMessages(t *testing.T) {
	r, err := screenLatency(screenLatencyConfig{Runs: 200, Size: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if r.tiers[triage.TierNone] == 0 || r.tiers[triage.TierCrisis] == 0 {
		t.Errorf("tiers %v: half the messages carry a worry, half do not", r.tiers)
	}
	for _, m := range screenMessages(rand.New(rand.NewPCG(3, 4)), 10, 4096) {
		if len(m) > 4096 || len(m) < 4090 || !utf8.ValidString(m) {
			t.Errorf("a message of %d bytes, valid %v", len(m), utf8.ValidString(m))
		}
	}
}

func TestMonthAccountsForEveryPromptAndFlag(t *testing.T) {
	r, err := month(context.Background(), monthConfig{People: 20, Days: 3, Seed: 1, Dir: t.TempDir(), Progress: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.check(); err != nil {
		t.Error(err)
	}
	if len(r.Samples) != 4 || r.Checkins != 60 || r.Final <= r.Seeded {
		t.Errorf("%d samples, %d check-ins, database %d → %d bytes", len(r.Samples), r.Checkins, r.Seeded, r.Final)
	}
}
