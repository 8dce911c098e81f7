package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrUnwritable means the database, or the folder it lives in, cannot be written: Tandem keeps
// every update, answer and message there before acting, so it cannot run without writing.
var ErrUnwritable = errors.New("cannot be written")

// sqliteHeader begins every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// preflight checks, before SQLite sees path, the things SQLite reports only as "unable to open
// database file" or "no such file or directory": that the folder exists and can be written
// (SQLite puts its -wal and -shm files beside the database), and that an existing file is a
// database that can be written. Each problem is said in the words an operator needs.
func preflight(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("store: the folder %s for the database does not exist: create it or set another database path: %w", dir, err)
	case err != nil:
		return fmt.Errorf("store: the folder %s for the database: %w", dir, describeWriteError(err))
	case !st.IsDir():
		return fmt.Errorf("store: %s is not a folder, so the database %s cannot be created in it", dir, path)
	}
	probe, err := os.CreateTemp(dir, ".tandem-write-probe-*")
	if err != nil {
		return fmt.Errorf("store: the folder %s is read-only, and SQLite needs to write its journal there beside the database: %w", dir, describeWriteError(err))
	}
	probe.Close()
	os.Remove(probe.Name())

	f, err := os.OpenFile(path, os.O_RDWR, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // a new database, created by Open
	case err != nil:
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			return fmt.Errorf("store: the database path %s is a folder, not a file", path)
		}
		return fmt.Errorf("store: the database %s is read-only: %w", path, describeWriteError(err))
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	switch {
	case n == 0 && errors.Is(err, io.EOF):
		return nil // an empty file becomes a new database
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("store: reading the database %s: %w", path, err)
	case !bytes.Equal(head[:n], sqliteHeader):
		return fmt.Errorf("store: %s is not a SQLite database (is the database path right?)", path)
	}
	return nil
}

// describeWriteError marks permission and read-only-filesystem errors as ErrUnwritable, keeping
// the cause.
func describeWriteError(err error) error {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return fmt.Errorf("%w (%w)", ErrUnwritable, err)
	}
	return err
}
