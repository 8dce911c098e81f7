package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// env builds a lookup function from pairs, standing in for the process environment.
func env(pairs ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func run(t *testing.T, e func(string) (string, bool), args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runMain(context.Background(), args, &out, &errOut, e)
	return out.String() + errOut.String(), err
}

func TestWorkerCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	e := env("TANDEM_DATABASE", db)
	cases := []struct {
		args    []string
		wantErr string
		wantOut string
	}{
		{[]string{"worker", "list"}, "", "no workers yet"},
		{[]string{"worker", "add", "--telegram-id", "1001", "--name", "Demo Worker"}, "", `added worker "Demo Worker"`},
		{[]string{"worker", "add", "--telegram-id", "1001", "--name", "Someone Else"}, "already registered", ""},
		{[]string{"worker", "add", "--telegram-id", "abc", "--name", "X"}, "must be a positive number", ""},
		{[]string{"worker", "add", "--telegram-id", "-5", "--name", "X"}, "must be a positive number", ""},
		{[]string{"worker", "add", "--name", "X"}, "--telegram-id is required", ""},
		{[]string{"worker", "add", "--telegram-id", "1002"}, "a name is required", ""},
		{[]string{"worker", "add", "--telegram-id", "1002", "--name", "   "}, "a name is required", ""},
		{[]string{"worker", "add", "--telegram-id=1002", "--name=Priya Shah"}, "", "added worker"},
		{[]string{"worker", "list"}, "", "Priya Shah"},
		{[]string{"worker", "remove", "--telegram-id", "1002"}, "", "removed worker"},
		{[]string{"worker", "remove", "--telegram-id", "1002"}, "no worker has Telegram id 1002", ""},
		{[]string{"worker", "add", "--telegram-id", "1003", "--name", "Sol Backup"}, "", "added worker"},
		{[]string{"worker", "backup", "--telegram-id", "1001", "--backup-id", "1003"}, "", "covered by 1003"},
		{[]string{"worker", "backup", "--telegram-id", "1001", "--backup-id", "1001"}, "own backup", ""},
		{[]string{"worker", "backup", "--telegram-id", "1001", "--backup-id", "4242"}, "must be registered", ""},
		{[]string{"worker", "backup", "--telegram-id", "1001", "--backup-id", "x"}, "--backup-id must be", ""},
		{[]string{"worker", "backup", "--telegram-id", "1001", "--backup-id", "0"}, "", "no backup now"},
		{[]string{"worker", "hours", "--telegram-id", "1001", "--hours", "Mon-Thu 10:00-16:00"}, "", "usually read Tandem Mon-Thu 10:00-16:00"},
		{[]string{"worker", "hours", "--telegram-id", "1001", "--hours", "Mon 17:00-09:00"}, "--hours", ""},
		{[]string{"worker", "hours", "--telegram-id", "1001", "--hours", "service"}, "", "service's working hours"},
		{[]string{"worker", "language", "--telegram-id", "1001", "--lang", "es"}, "", "written to in es"},
		{[]string{"worker", "language", "--telegram-id", "1001", "--lang", "fr"}, "the content pack has en, es", ""},
		{[]string{"worker", "language", "--telegram-id", "4242", "--lang", "es"}, "no worker has Telegram id 4242", ""},
		{[]string{"worker", "list"}, "", "es"},
		{[]string{"worker", "language", "--telegram-id", "1001", "--lang", "service"}, "", "service's language (en)"},
		{[]string{"worker", "add", "--telegram-id", "1004", "--name", "Lola Ruiz", "--lang", "es"}, "", "added worker"},
		{[]string{"worker", "fire"}, "unknown subcommand", ""},
		{[]string{"worker"}, "say add, list, remove, hours, language or backup", ""},
	}
	for _, tc := range cases {
		out, err := run(t, e, tc.args...)
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.wantErr)
		case tc.wantErr == "" && err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case !strings.Contains(out, tc.wantOut):
			t.Errorf("%v: output %q, want %q", tc.args, out, tc.wantOut)
		}
	}
	out, _ := run(t, e, "worker", "list")
	if !strings.Contains(out, "Demo Worker") || strings.Contains(out, "Priya") {
		t.Errorf("list after removing Priya:\n%s", out)
	}
}

func TestBackupIsAUsableCopy(t *testing.T) {
	dir := t.TempDir()
	e := env("TANDEM_DATABASE", filepath.Join(dir, "live.db"))
	if _, err := run(t, e, "worker", "add", "--telegram-id", "1001", "--name", "Demo Worker"); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "copy.db")
	if out, err := run(t, e, "backup", dest); err != nil || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: %v %s", err, out)
	}
	if _, err := run(t, e, "backup", dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if _, err := run(t, e, "backup"); err == nil {
		t.Error("backup with no file name succeeded")
	}
	out, err := run(t, env("TANDEM_DATABASE", dest), "worker", "list")
	if err != nil || !strings.Contains(out, "Demo Worker") {
		t.Errorf("the copy does not hold the worker: %v %s", err, out)
	}
}

func TestRunRefusesBadConfigWithOneLine(t *testing.T) {
	crisis := "TANDEM_CRISIS_CONTACTS"
	cases := []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{crisis, "Team|0800 000 111|24h"}, nil, "tandem sandbox"},
		{[]string{}, nil, "crisis_contacts"},
		{[]string{crisis, "Team|0800|24h", "TANDEM_TIMEZONE", "Mars/Olympus"}, nil, "timezone (TANDEM_TIMEZONE)"},
		{[]string{crisis, "Team|0800|24h"}, []string{"--send-rate", "45"}, "send_rate (--send-rate)"},
		{[]string{crisis, "Team|0800|24h", "TANDEM_TELEGRAM_TOKEN", "123:abc", "TANDEM_LANGUAGE", "fr"}, nil, `language "fr": the content pack has only en, es`},
		{[]string{"TANDEM_TELEGRAM_TOKEN", "123:abc"}, []string{"--config", crisisFile(t)}, `contact 1 (Team) is named in "pt"`},
	}
	for _, tc := range cases {
		_, err := run(t, env(tc.env...), append([]string{"run"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v %v: error %q, want one line naming %q", tc.env, tc.args, err, tc.want)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) string {
	t.Helper()
	var lastErr error
	for range 100 {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return string(body)
			}
			lastErr = fmt.Errorf("HTTP %d: %s", resp.StatusCode, body)
		} else {
			lastErr = err
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET %s: %v", url, lastErr)
	return ""
}

func TestRunServesTheBotHealthAndMetrics(t *testing.T) {
	emu := telegramtest.New()
	defer emu.Close()
	db := filepath.Join(t.TempDir(), "t.db")
	admin := freeAddr(t)
	e := env("TANDEM_DATABASE", db, "TANDEM_TELEGRAM_TOKEN", emu.Token(), "TANDEM_TELEGRAM_API_URL", emu.URL(),
		"TANDEM_CRISIS_CONTACTS", "Crisis team|0800 000 111|24 hours", "TANDEM_ADMIN_LISTEN", admin, "TANDEM_LOG_FORMAT", "text")
	if _, err := run(t, e, "worker", "add", "--telegram-id", "1001", "--name", "Demo Worker"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error)
	go func() { done <- runMain(ctx, []string{"run"}, io.Discard, &syncWriter{w: &logs}, e) }()

	if got := get(t, "http://"+admin+"/healthz"); !strings.Contains(got, "ok") {
		t.Errorf("/healthz = %q", got)
	}
	worker := telegramtest.User{ID: 1001, FirstName: "Demo"}
	if _, err := emu.SendMessage(worker, "/start"); err != nil {
		t.Fatal(err)
	}
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	msgs, err := emu.WaitBotMessages(wctx, worker.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msgs[0].Text, "/invite") {
		t.Errorf("the worker's /start got %q", msgs[0].Text)
	}
	// The delivery is recorded just after the emulator has the message.
	wants := []string{`tandem_updates_received_total{source="poll"} 1`, `tandem_outbox_sent_total{priority="conversation"} 1`, "tandem_outbox_pending 0"}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		metrics, missing := get(t, "http://"+admin+"/metrics"), ""
		for _, want := range wants {
			if !strings.Contains(metrics, want) {
				missing = want
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %s:\n%s", missing, metrics)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run stopped with %v", err)
	}
	if strings.Contains(logs.String(), emu.Token()) {
		t.Error("the bot token appears in the logs")
	}
}

// syncWriter lets the test read what the command wrote while it is still writing.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// The real binary, killed with SIGKILL after it has committed a reply but before Telegram took
// it, sends that reply exactly once when started again.
func TestKilledBetweenDecidedAndSent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "tandem")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	emu := telegramtest.New()
	defer emu.Close()
	db := filepath.Join(t.TempDir(), "t.db")
	environ := append(os.Environ(), "TANDEM_DATABASE="+db, "TANDEM_TELEGRAM_TOKEN="+emu.Token(), "TANDEM_TELEGRAM_API_URL="+emu.URL(),
		"TANDEM_CRISIS_CONTACTS=Crisis team|0800 000 111|24 hours", "TANDEM_ADMIN_LISTEN="+freeAddr(t))
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "run")
		cmd.Env = environ
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	if out, err := exec.Command(bin, "worker", "add", "--telegram-id", "1001", "--name", "Demo Worker", "--database", db).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}

	emu.FailNext("sendMessage", 1_000_000, 502, "Bad Gateway", 0) // Telegram is failing
	first := start()
	worker := telegramtest.User{ID: 1001, FirstName: "Demo"}
	if _, err := emu.SendMessage(worker, "/start"); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		rows, _ := st.OutboxForChat(context.Background(), worker.ID)
		if len(rows) == 1 && rows[0].Status == store.OutboxPending && rows[0].Attempts >= 1 {
			break // decided, committed, tried, not sent
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reply was never decided: %+v", rows)
		}
		time.Sleep(20 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()

	emu.FailNext("sendMessage", 0, 0, "", 0) // Telegram is back
	second := start()
	defer func() { second.Process.Signal(syscall.SIGTERM); second.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	msgs, err := emu.WaitBotMessages(ctx, worker.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if got := emu.BotMessages(worker.ID); len(got) != 1 {
		t.Errorf("the reply arrived %d times, want once", len(got))
	}
	if !strings.Contains(msgs[0].Text, "/invite") {
		t.Errorf("reply = %q", msgs[0].Text)
	}
}

func TestSandboxServesTheChatPage(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	var out bytes.Buffer
	go func() {
		done <- runMain(ctx, []string{"sandbox", "--addr", addr}, &syncWriter{w: &out}, io.Discard, env())
	}()
	page := get(t, "http://"+addr+"/")
	if !strings.Contains(page, "<html") {
		t.Errorf("the sandbox page is not HTML: %.200s", page)
	}
	// The demo worker's chat already holds the bot's welcome for workers.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(get(t, "http://"+addr+"/api/state"), "/invite") {
		if time.Now().After(deadline) {
			t.Fatal("the demo worker never got the bot's welcome")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if state := get(t, "http://"+addr+"/api/state"); !strings.Contains(state, "Staff channel (demo)") {
		t.Error("the sandbox has no staff channel to watch")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("sandbox stopped with %v", err)
	}
}

func TestContentCheck(t *testing.T) {
	good := filepath.Join("..", "..", "content", "default")
	out, err := run(t, env(), "content", "check", good)
	if err != nil || !strings.Contains(out, "is fine") || !strings.Contains(out, "es (Spanish): ") || strings.Count(out, ": complete\n") != 2 {
		t.Errorf("the default pack: %v\n%s", err, out)
	}
	out, err = run(t, env(), "content", "readability", good)
	if err != nil || !strings.Contains(out, "INFLESZ") || !strings.Contains(out, "bastante fácil") || strings.Contains(out, "harder than the target") {
		t.Errorf("readability of the default pack: %v\n%s", err, out)
	}

	// A copy whose Spanish lacks a lesson: Tandem can start with it (the lesson goes out in
	// English), so the check passes with a warning, unless asked to be strict.
	partial := t.TempDir()
	if err := os.CopyFS(partial, os.DirFS(good)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(partial, "lessons", "05-sleep.es.md")); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, env(), "content", "check", partial)
	if err != nil || !strings.Contains(out, "lessons/05-sleep.md: warning: no Spanish translation") || !strings.Contains(out, "12 of 13 lessons") {
		t.Errorf("a pack with a missing translation: %v\n%s", err, out)
	}
	if out, err := run(t, env(), "content", "check", "--strict", partial); err == nil || !strings.Contains(out, "warning:") {
		t.Errorf("--strict passed a pack with a warning: %s", out)
	}
	if out, err := run(t, env(), "content", "readability", partial); err != nil || !strings.Contains(out, "5   sleep            es   no translation") {
		t.Errorf("readability of a pack with a missing translation: %v\n%s", err, out)
	}

	// A copy with a lesson message Telegram would refuse.
	bad := t.TempDir()
	if err := os.CopyFS(bad, os.DirFS(good)); err != nil {
		t.Fatal(err)
	}
	lesson := filepath.Join(bad, "lessons", "05-sleep.md")
	raw, err := os.ReadFile(lesson)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lesson, []byte(strings.Replace(string(raw), "\n---\n", "\n---\nA line<br>break\n", 2)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, env(), "content", "check", bad)
	if err == nil || !strings.Contains(out, "lessons/05-sleep.md:") || !strings.Contains(out, ": error: ") {
		t.Errorf("a broken pack: %v\n%s", err, out)
	}
	if _, err := run(t, env(), "content", "check"); err == nil {
		t.Error("no folder accepted")
	}
}

func TestAuditListsWorkerViews(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	e := env("TANDEM_DATABASE", db)
	if out, err := run(t, e, "audit"); err != nil || !strings.Contains(out, "no audit entries") {
		t.Errorf("empty audit: %v %s", err, out)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	w, err := st.AddWorker(context.Background(), 1001, "Jordan Reyes")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(context.Background(), func(tx *store.Tx) error { return tx.Audit(context.Background(), w.ID, 0, "caseload", "2 people") }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, err := run(t, e, "audit", "--worker", "1001", "--since", "2020-01-01")
	if err != nil || !strings.Contains(out, "Jordan Reyes") || !strings.Contains(out, "caseload") {
		t.Errorf("audit: %v\n%s", err, out)
	}
	if _, err := run(t, e, "audit", "--since", "yesterday"); err == nil {
		t.Error("a bad date was accepted")
	}
}

func TestPersonDeleteAndMove(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	e := env("TANDEM_DATABASE", db)
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	w1, _ := st.AddWorker(ctx, 1001, "Jordan Reyes")
	if _, err := st.AddWorker(ctx, 1002, "Priya Shah"); err != nil {
		t.Fatal(err)
	}
	var sam tandem.Person
	err = st.Update(ctx, func(tx *store.Tx) error {
		inv, err := tx.CreateInvite(ctx, tandem.Invite{WorkerID: w1.ID, ExpiresAt: tx.Now().Add(time.Hour)}, []byte("h"))
		if err != nil {
			return err
		}
		sam, err = tx.CreatePerson(ctx, tandem.Person{TelegramID: 2001, Name: "Sam", Pseudonym: "P-SAM00", WorkerID: w1.ID, Language: "en"}, inv.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	if out, err := run(t, e, "person", "move", "--person", "P-SAM00", "--to-worker", "1002"); err != nil || !strings.Contains(out, "Priya Shah") {
		t.Errorf("move: %v %s", err, out)
	}
	if out, _ := run(t, e, "person", "deletions"); !strings.Contains(out, "nobody is waiting") {
		t.Errorf("deletions: %s", out)
	}
	if _, err := run(t, e, "person", "delete", "--person", "P-SAM00"); err == nil || !strings.Contains(err.Error(), "has not asked") {
		t.Errorf("delete without a request: %v", err)
	}
	if _, err := run(t, e, "person", "delete", "--person", "P-NOBODY"); err == nil {
		t.Error("deleted nobody")
	}
	st, _ = store.Open(ctx, db)
	st.Update(ctx, func(tx *store.Tx) error { return tx.RequestDeletion(ctx, sam.ID) })
	st.Close()
	if out, _ := run(t, e, "person", "deletions"); !strings.Contains(out, "P-SAM00") || !strings.Contains(out, "Priya Shah") {
		t.Errorf("deletions after a request: %s", out)
	}
	if out, err := run(t, e, "person", "delete", "--person", "P-SAM00"); err != nil || !strings.Contains(out, "deleted everything") {
		t.Errorf("delete: %v %s", err, out)
	}
	st, _ = store.Open(ctx, db)
	defer st.Close()
	if _, err := st.PersonByTelegramID(ctx, 2001); err == nil {
		t.Error("Sam is still there")
	}
	rows, _ := st.OutboxForChat(ctx, 2001)
	if len(rows) != 1 || !strings.Contains(rows[0].Msg.Text, "has now been deleted") {
		t.Errorf("Sam's last message: %+v", rows)
	}
}

func TestExportCSVAndFHIR(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	e := env("TANDEM_DATABASE", db)
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := st.AddWorker(ctx, 1001, "Jordan Reyes")
	err = st.Update(ctx, func(tx *store.Tx) error {
		inv, err := tx.CreateInvite(ctx, tandem.Invite{WorkerID: w.ID, ExpiresAt: tx.Now().Add(time.Hour)}, []byte("h"))
		if err != nil {
			return err
		}
		p, err := tx.CreatePerson(ctx, tandem.Person{TelegramID: 2001, Name: "Sam", Pseudonym: "P-SAM00", WorkerID: w.ID, Language: "en"}, inv.ID)
		if err != nil {
			return err
		}
		c, err := tx.CreateCheckin(ctx, tandem.Checkin{PersonID: p.ID, SetID: "daily", DueAt: tx.Now(), Status: tandem.CheckinAnswered, ExpiresAt: tx.Now().Add(time.Hour)})
		if err != nil {
			return err
		}
		for _, a := range []tandem.Answer{{CheckinID: c.ID, QuestionID: "mood", Value: "2"}, {CheckinID: c.ID, QuestionID: "note", Value: "=cmd|' /C calc'!A0"}} {
			if _, err := tx.SaveAnswer(ctx, a); err != nil {
				return err
			}
		}
		return tx.AddGoal(ctx, p.ID, 0, "walk on Sundays")
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, err := run(t, e, "export", "--person", "P-SAM00")
	if err != nil || !strings.Contains(out, "P-SAM00") || !strings.Contains(out, "How has your mood been today?") {
		t.Errorf("csv export: %v\n%s", err, out)
	}
	if strings.Contains(out, ",=cmd") {
		t.Error("a formula reached the CSV unneutralised")
	}
	out, err = run(t, e, "export", "--format", "fhir")
	if err != nil || !strings.Contains(out, `"resourceType": "Bundle"`) && !strings.Contains(out, `"resourceType":"Bundle"`) {
		t.Errorf("fhir export: %v\n%.300s", err, out)
	}
	for _, want := range []string{"QuestionnaireResponse", "Questionnaire", "Patient", "walk on Sundays"} {
		if !strings.Contains(out, want) {
			t.Errorf("fhir export lacks %s", want)
		}
	}
	if _, err := run(t, e, "export", "--format", "xml"); err == nil {
		t.Error("an unknown format was accepted")
	}
	if _, err := run(t, e, "export", "--from", "last week"); err == nil {
		t.Error("a bad date was accepted")
	}
}

// crisisFile is a configuration whose crisis contact is named in a language the pack lacks.
func crisisFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	body := "crisis_contacts:\n  - name: Team\n    contact: \"0800\"\n    pt:\n      name: Equipe\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
