package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/store"
)

// /healthz fails while the database cannot be written, says why in an ERROR line, counts the
// failure, and recovers by itself once writes work again.
func TestHealthzFailsWhileWritesFail(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs bytes.Buffer
	h := healthz(st, slog.New(slog.NewTextHandler(&logs, nil)))
	reg := metrics.NewRegistry()
	registerWriteHealth(reg, st)
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return rec.Code, rec.Body.String()
	}
	steps := []struct {
		readOnly bool
		code     int
		body     string
	}{
		{false, 200, "ok"},
		{true, 503, "cannot be written"},
		{true, 503, "readonly"},
		{false, 200, "ok"},
	}
	for i, s := range steps {
		if err := st.SimulateReadOnly(ctx, s.readOnly); err != nil {
			t.Fatal(err)
		}
		code, body := get()
		if code != s.code || !strings.Contains(body, s.body) {
			t.Errorf("step %d (read-only %v): %d %q", i, s.readOnly, code, body)
		}
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "cannot be written") {
		t.Errorf("no ERROR line saying why:\n%s", logs.String())
	}
	var out strings.Builder
	reg.WriteTo(&out)
	if !strings.Contains(out.String(), "tandem_store_write_failures_total 2") {
		t.Errorf("failed writes not counted:\n%s", out.String())
	}
	if st.WriteFault() != nil {
		t.Errorf("a successful write did not clear the fault: %v", st.WriteFault())
	}
}
