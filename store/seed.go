package store

import (
	"context"
	"fmt"
	"time"
)

// Population is a crowd in caseloads, to write straight into the database for benchmarks and
// load tests: enrolling 100,000 people through the conversation would take hours and is not
// what they measure. Seed writes it with the store's own SQL, so a benchmark never carries a
// copy of the schema that could drift from it.
type Population struct {
	// People is how many: row ids 1..People, Telegram ids PersonBase+0..PersonBase+People-1,
	// names "P<i>", pseudonyms "P-<i, 7 digits>".
	People     int
	PersonBase int64
	// PerWorker people share a worker (row ids from 1, Telegram ids WorkerBase+id); 0 means 25.
	PerWorker  int
	WorkerBase int64
	// WorkersChatOpen marks the workers as having opened their chat with the bot.
	WorkersChatOpen bool
	// Each person has one schedule of SetID ("" means "daily"), next due at Due(i) and repeating
	// daily at that minute and hour (UTC).
	SetID string
	Due   func(i int) time.Time
	// At is when the rows were created and the people joined.
	At time.Time
}

// Seed writes pop in one transaction, with prepared statements.
func (s *Store) Seed(ctx context.Context, pop Population) error {
	per := pop.PerWorker
	if per == 0 {
		per = 25
	}
	setID := pop.SetID
	if setID == "" {
		setID = "daily"
	}
	at := millis(pop.At)
	return s.Update(ctx, func(tx *Tx) error {
		insW, err := tx.tx.PrepareContext(ctx, `INSERT INTO workers (id, telegram_id, name, chat_open, created_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		defer insW.Close()
		for w := 1; w <= (pop.People+per-1)/per; w++ {
			if _, err := insW.ExecContext(ctx, w, pop.WorkerBase+int64(w), fmt.Sprintf("Worker %d", w), pop.WorkersChatOpen, at); err != nil {
				return fmt.Errorf("store: seed workers: %w", err)
			}
		}
		insP, err := tx.tx.PrepareContext(ctx, `INSERT INTO people (id, telegram_id, name, pseudonym, worker_id, state, language, joined_at) VALUES (?, ?, ?, ?, ?, 'active', 'en', ?)`)
		if err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		defer insP.Close()
		insS, err := tx.tx.PrepareContext(ctx, `INSERT INTO schedules (person_id, set_id, spec, occurs_at, next_due, set_by, created_at) VALUES (?, ?, ?, ?, ?, 'person', ?)`)
		if err != nil {
			return fmt.Errorf("store: seed: %w", err)
		}
		defer insS.Close()
		for i := range pop.People {
			id := i + 1
			if _, err := insP.ExecContext(ctx, id, pop.PersonBase+int64(i), fmt.Sprintf("P%d", i), fmt.Sprintf("P-%07d", i), i/per+1, at); err != nil {
				return fmt.Errorf("store: seed people: %w", err)
			}
			due := pop.Due(i).UTC()
			spec := fmt.Sprintf("%d %d * * *", due.Minute(), due.Hour())
			if _, err := insS.ExecContext(ctx, id, setID, spec, millis(due), millis(due), at); err != nil {
				return fmt.Errorf("store: seed schedules: %w", err)
			}
		}
		return nil
	})
}
