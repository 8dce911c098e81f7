//go:build fault

package fault

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tandemcare/tandem/telegramtest"
)

// SIGKILL five times during a drain of bulk prompts: nothing lost, at most one duplicate per
// kill (a send that Telegram took but the process died before recording).
func TestKillDuringDrain(t *testing.T) {
	n := envInt("FAULT_PROMPTS", 2000)
	kills := 5
	d := newDrill(t, filepath.Join(t.TempDir(), "tandem.db"))
	d.adminCmd("worker", "list") // creates the database
	us := d.people(500000, n)
	d.queuePrompts(us, "prompt")
	sent := func() int { return d.emu.Stats().Requests["sendMessage"] }
	for k := range kills {
		d.start()
		target := (k + 1) * n / (kills + 1)
		if !waitFor(5*time.Minute, func() bool { return sent() >= target }) {
			t.Fatalf("kill %d: only %d sends", k+1, sent())
		}
		d.stop(syscall.SIGKILL)
	}
	d.start()
	start := time.Now()
	waitFor(10*time.Minute, func() bool { lost, _, _ := d.copies(us, "prompt"); return lost == 0 })
	time.Sleep(2 * time.Second)
	lost, dups, worst := d.copies(us, "prompt")
	figure(t, "kill", "%d prompts, %d SIGKILLs: lost %d, duplicates %d (%.1f per kill), most copies in one chat %d; final drain %v",
		n, kills, lost, dups, float64(dups)/float64(kills), worst, time.Since(start).Round(time.Second))
	if lost != 0 {
		t.Errorf("%d prompts lost", lost)
	}
	if dups > kills {
		t.Errorf("%d duplicates over %d kills", dups, kills)
	}
}

// mountTmpfs mounts a small tmpfs, or skips when this machine cannot.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// The database's disk is full for 30 seconds in the middle of a drain: how many prompts go out
// more than once, whether /healthz says so, and whether everything resumes.
func TestDiskFullDuringDrain(t *testing.T) {
	n := envInt("FAULT_DISK_PROMPTS", 1000)
	hold := time.Duration(envInt("FAULT_DISK_SECONDS", 30)) * time.Second
	dir := mountTmpfs(t, "16m")
	d := newDrill(t, filepath.Join(dir, "tandem.db"))
	d.adminCmd("worker", "list")
	us := d.people(600000, n)
	d.queuePrompts(us, "prompt")
	d.start()
	d.waitHealthy()
	sent := func() int { return d.emu.Stats().Requests["sendMessage"] }
	waitFor(2*time.Minute, func() bool { return sent() >= n/5 })

	// Fill the disk.
	filler := filepath.Join(dir, "filler")
	exec.Command("dd", "if=/dev/zero", "of="+filler, "bs=64k").Run()
	before := sent()
	faultStart := time.Now()
	var unhealthy, probes int
	for time.Since(faultStart) < hold {
		probes++
		if code, _ := d.get("/healthz"); code != 200 {
			unhealthy++
		}
		time.Sleep(time.Second)
	}
	during := sent() - before
	_, dupsDuring, worstDuring := d.copies(us, "prompt")
	os.Remove(filler)
	recovered := waitFor(5*time.Minute, func() bool { lost, _, _ := d.copies(us, "prompt"); return lost == 0 })
	healthyAfter := waitFor(30*time.Second, func() bool { code, _ := d.get("/healthz"); return code == 200 })
	lost, dups, worst := d.copies(us, "prompt")
	_, metrics := d.get("/metrics")
	failures := "?"
	for _, l := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(l, "tandem_store_write_failures_total ") {
			failures = strings.TrimPrefix(l, "tandem_store_write_failures_total ")
		}
	}
	figure(t, "disk-full", "%d prompts, disk full for %v: sendMessage calls during the fault %d; duplicates by the end of the fault %d (worst chat %d); "+
		"/healthz failed %d of %d probes; write failures counted %s; %q logged %d times; after: recovered %v, healthy %v, lost %d, duplicates %d (worst chat %d)",
		n, hold, during, dupsDuring, worstDuring, unhealthy, probes, failures, "could not record", d.logCount("could not record"), recovered, healthyAfter, lost, dups, worst)
	if unhealthy == 0 {
		t.Error("/healthz said ok throughout a full disk")
	}
	if lost != 0 || !recovered {
		t.Errorf("after the disk had room again: %d prompts never arrived", lost)
	}
}

// Starting on a read-only database says so.
func TestReadOnlyDatabaseAtStart(t *testing.T) {
	dir := mountTmpfs(t, "4m")
	d := newDrill(t, filepath.Join(dir, "tandem.db"))
	d.adminCmd("worker", "list")
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	cmd := exec.Command(binary, "run")
	cmd.Env = d.env()
	out, err := cmd.CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	figure(t, "read-only", "%v: %s", err, lines[len(lines)-1])
	if err == nil || !strings.Contains(string(out), "read-only") {
		t.Errorf("started on a read-only database: %v %s", err, out)
	}
	if strings.Contains(string(out), "no such file or directory") {
		t.Errorf("still says 'no such file or directory': %s", out)
	}
}

// One stranger sends 2,000 /start codes while 20 people each ask for /help: how long the 20
// wait for their answer, and how many replies the stranger gets.
func TestStartCodeFlood(t *testing.T) {
	n := envInt("FAULT_FLOOD", 2000)
	d := newDrill(t, filepath.Join(t.TempDir(), "tandem.db"))
	d.adminCmd("worker", "list")
	d.start()
	d.waitHealthy()
	flooder := telegramtest.User{ID: 777, FirstName: "Flood", LanguageCode: "en"}
	others := d.people(700000, 20)
	start := time.Now()
	for i := range n {
		d.emu.SendMessage(flooder, fmt.Sprintf("/start code%06d", i))
		if i == n/2 {
			// Half-way through the flood, the others write.
			for _, u := range others {
				d.emu.SendMessage(u, "/help")
			}
		}
	}
	sentAt := time.Now()
	var delays []time.Duration
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if waitFor(5*time.Minute, func() bool { return len(d.emu.BotMessages(u.ID)) > 0 }) {
				mu.Lock()
				delays = append(delays, time.Since(sentAt))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	waitFor(2*time.Minute, func() bool { return d.emu.PendingUpdates() == 0 })
	// The stranger's answers are paced like any chat's; wait for all that were queued.
	waitFor(30*time.Second, func() bool { return len(d.emu.BotMessages(flooder.ID)) >= 10 })
	time.Sleep(2 * time.Second)
	figure(t, "flood", "%d /start codes from one account (sent in %v): the stranger got %d replies; 20 others' /help answered in p50 %v, max %v after the flood was sent; %d WARN lines about guessing",
		n, sentAt.Sub(start).Round(time.Millisecond), len(d.emu.BotMessages(flooder.ID)), percentile(delays, 50).Round(time.Millisecond),
		percentile(delays, 100).Round(time.Millisecond), d.logCount("invite-code guessing"))
	if len(delays) != len(others) {
		t.Errorf("%d of %d others never got an answer", len(others)-len(delays), len(others))
	}
}

// Telegram is slow (30% of sends answered 5-30 s late) during a bulk drain, and people send
// /crisis: how long until the crisis contacts reach them.
func TestCrisisUnderSlowAPI(t *testing.T) {
	n := envInt("FAULT_SLOW_PROMPTS", 400)
	crises := envInt("FAULT_CRISES", 20)
	d := newDrill(t, filepath.Join(t.TempDir(), "tandem.db"))
	d.adminCmd("worker", "list")
	us := d.people(800000, n)
	d.queuePrompts(us, "prompt")
	d.emu.SetFaults(telegramtest.Faults{Methods: []string{"sendMessage"}, SlowFraction: 0.3, SlowMin: 5 * time.Second, SlowMax: 30 * time.Second, Seed: 12})
	d.start()
	waitFor(time.Minute, func() bool { return d.emu.Stats().Requests["sendMessage"] >= 50 })
	people := d.people(900000, crises)
	var delays []time.Duration
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range people {
		wg.Add(1)
		sent := time.Now()
		d.emu.SendMessage(u, "/crisis")
		go func() {
			defer wg.Done()
			if waitFor(3*time.Minute, func() bool { return len(d.emu.BotMessages(u.ID)) > 0 }) {
				mu.Lock()
				delays = append(delays, time.Since(sent))
				mu.Unlock()
			}
		}()
		time.Sleep(500 * time.Millisecond)
	}
	wg.Wait()
	slowed, _ := d.emu.FaultCounts()
	figure(t, "slow-api", "%d bulk prompts, 30%% of sends 5-30 s late (%d slowed): %d /crisis replies p50 %v, p99 %v, max %v; %d never arrived within 3 min",
		n, slowed, len(delays), percentile(delays, 50).Round(time.Millisecond), percentile(delays, 99).Round(time.Millisecond),
		percentile(delays, 100).Round(time.Millisecond), crises-len(delays))
	if len(delays) != crises {
		t.Errorf("%d of %d people in crisis got no reply", crises-len(delays), crises)
	}
}

// 20% of connections drop after Telegram took the message: how many prompts arrive twice.
func TestDroppedReplies(t *testing.T) {
	n := envInt("FAULT_DROP_PROMPTS", 500)
	d := newDrill(t, filepath.Join(t.TempDir(), "tandem.db"))
	d.adminCmd("worker", "list")
	us := d.people(950000, n)
	d.queuePrompts(us, "prompt")
	d.emu.SetFaults(telegramtest.Faults{Methods: []string{"sendMessage"}, DropFraction: 0.2, Seed: 7})
	d.start()
	waitFor(5*time.Minute, func() bool { lost, _, _ := d.copies(us, "prompt"); return lost == 0 })
	time.Sleep(3 * time.Second)
	lost, dups, worst := d.copies(us, "prompt")
	_, dropped := d.emu.FaultCounts()
	figure(t, "dropped", "%d prompts, 20%% of replies dropped (%d): lost %d, duplicates %d, most copies in one chat %d", n, dropped, lost, dups, worst)
	if lost != 0 {
		t.Errorf("%d prompts lost", lost)
	}
}
