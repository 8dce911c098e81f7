package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Start-up problems with the database say what is wrong, not "no such file or directory".
func TestOpenSaysWhatIsWrongWithTheDatabase(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string // returns the database path
		want  string
	}{
		{"missing folder", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "nowhere", "tandem.db")
		}, "the folder " + "%DIR%/nowhere for the database does not exist"},
		{"folder is a file", func(t *testing.T, dir string) string {
			os.WriteFile(filepath.Join(dir, "afile"), []byte("x"), 0o600)
			return filepath.Join(dir, "afile", "tandem.db")
		}, "is not a folder"},
		{"not a database", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "tandem.db")
			os.WriteFile(p, []byte("id: riverside\nthis is a YAML file, not a database\n"), 0o600)
			return p
		}, "is not a SQLite database"},
		{"database is a folder", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "tandem.db")
			os.Mkdir(p, 0o700)
			return p
		}, "is a folder, not a file"},
		{"read-only file", func(t *testing.T, dir string) string {
			skipIfRoot(t)
			p := filepath.Join(dir, "tandem.db")
			st, err := Open(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			os.Chmod(p, 0o400)
			return p
		}, "is read-only"},
		{"read-only folder", func(t *testing.T, dir string) string {
			skipIfRoot(t)
			sub := filepath.Join(dir, "ro")
			os.Mkdir(sub, 0o500)
			t.Cleanup(func() { os.Chmod(sub, 0o700) })
			return filepath.Join(sub, "tandem.db")
		}, "is read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.setup(t, dir)
			st, err := Open(ctx, path)
			if err == nil {
				st.Close()
				t.Fatalf("Open(%s) succeeded", path)
			}
			want := strings.ReplaceAll(tt.want, "%DIR%", dir)
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Open: %v\nwant %q in it", err, want)
			}
			if strings.Contains(err.Error(), "no such file or directory") && !strings.Contains(err.Error(), "does not exist") {
				t.Errorf("Open: %v: the bare system error again", err)
			}
		})
	}
	// A new database in an empty, writable folder and an empty file are both fine.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.db"), nil, 0o600)
	for _, p := range []string{filepath.Join(dir, "new.db"), filepath.Join(dir, "empty.db")} {
		st, err := Open(ctx, p)
		if err != nil {
			t.Fatalf("Open(%s): %v", p, err)
		}
		st.Close()
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".tandem-write-probe-*")); len(left) != 0 {
		t.Errorf("the write probe was left behind: %v", left)
	}
}

// Root may write anywhere permissions allow nothing, so only a read-only filesystem stops it
// (the fault suite mounts one); here the classification of both causes is checked.
func TestDescribeWriteError(t *testing.T) {
	for _, err := range []error{&fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, &fs.PathError{Op: "open", Path: "x", Err: syscall.EROFS}} {
		if got := describeWriteError(err); !errors.Is(got, ErrUnwritable) || !errors.Is(got, err.(*fs.PathError).Err) {
			t.Errorf("describeWriteError(%v) = %v", err, got)
		}
	}
	if got := describeWriteError(syscall.ENOSPC); errors.Is(got, ErrUnwritable) {
		t.Errorf("a full disk is not a permission problem: %v", got)
	}
}

func skipIfRoot(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write a file whatever its permissions; the fault suite tests a read-only mount")
	}
}

// A write probe fails while the database refuses writes, each refusal is counted, and the
// first write that commits clears the fault.
func TestWriteHealth(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.ProbeWrite(ctx); err != nil || st.WriteFailures() != 0 {
		t.Fatalf("healthy probe: %v, %d failures", err, st.WriteFailures())
	}
	st.SimulateReadOnly(ctx, true)
	err = st.ProbeWrite(ctx)
	if err == nil || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("probe on a read-only database: %v", err)
	}
	if _, err := st.RecordUpdates(ctx, []RawUpdate{{ID: 1, Payload: []byte(`{}`)}}); err == nil {
		t.Error("an update was recorded on a read-only database")
	}
	if st.WriteFailures() != 2 || st.WriteFault() == nil {
		t.Errorf("%d failures, fault %v", st.WriteFailures(), st.WriteFault())
	}
	// A refusal by our own rules is not a storage fault.
	st.SimulateReadOnly(ctx, false)
	if _, err := st.AddWorker(ctx, 1, "A"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddWorker(ctx, 1, "A"); err == nil {
		t.Fatal("a duplicate worker was added")
	}
	if st.WriteFailures() != 2 || st.WriteFault() != nil {
		t.Errorf("after recovery: %d failures, fault %v", st.WriteFailures(), st.WriteFault())
	}
}
