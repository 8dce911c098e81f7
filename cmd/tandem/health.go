package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/store"
)

// healthz answers ok only when the database can be written as well as read: with a full disk
// or a read-only remount, reads go on working while no update, answer or message can be saved,
// and a health check that only read would say ok throughout.
func healthz(st *store.Store, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := st.Ping(ctx); err != nil {
			log.Error("healthz: the database does not answer", "err", err)
			http.Error(w, "database: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		if err := st.ProbeWrite(ctx); err != nil {
			log.Error("healthz: the database cannot be written; updates are not acknowledged and nothing is sent until it can", "err", err)
			http.Error(w, "database: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	}
}

// registerWriteHealth counts the writes the database refused.
func registerWriteHealth(reg *metrics.Registry, st *store.Store) {
	reg.CounterFunc("tandem_store_write_failures_total",
		"Writes the database refused (disk full, read-only, I/O error): while this grows, nothing new is saved.",
		func() float64 { return float64(st.WriteFailures()) })
}
