package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order, each in its own transaction that also records the new
// schema version. Never edit one that has shipped: add another.
var migrations = []func(tx *sql.Tx) error{
	migrateFoundation,
	migrateCheckins,
	migrateFlags,
	migratePersonRules,
	migrateLessons,
	migratePlans,
	migrateAgenda,
	migrateSigns,
	migrateGoals,
	migrateAudit,
	migrateDeletion,
	migrateServiceState,
	migrateWorkerHours,
	migrateMessages,
	migrateWorkerLanguage,
	migrateMenus,
	migrateFlagWording,
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	var current int
	err := s.w.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&current)
	switch {
	case err == sql.ErrNoRows:
		if _, err := s.w.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("store: migrate: read schema version: %w", err)
	}
	if current > len(migrations) {
		return fmt.Errorf("store: %s has schema version %d but this Tandem knows only up to %d: run a newer Tandem or restore a backup", s.path, current, len(migrations))
	}
	for v := current; v < len(migrations); v++ {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migrate to %d: %w", v+1, err)
		}
		if err := migrations[v](tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migrate to %d: %w", v+1, err)
		}
		if _, err := tx.Exec(`UPDATE schema_version SET version = ?`, v+1); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migrate to %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migrate to %d: %w", v+1, err)
		}
	}
	return nil
}

// SchemaVersion reports the database's schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.r.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	return v, err
}

func migrateFoundation(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE workers (
	id          INTEGER PRIMARY KEY,
	telegram_id INTEGER NOT NULL,
	name        TEXT NOT NULL,
	chat_open   INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	removed_at  INTEGER
);
-- A removed worker keeps their row (their history is still referenced) but frees the id.
CREATE UNIQUE INDEX workers_telegram_id ON workers(telegram_id) WHERE removed_at IS NULL;

CREATE TABLE people (
	id          INTEGER PRIMARY KEY,
	telegram_id INTEGER NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	pseudonym   TEXT NOT NULL UNIQUE,
	worker_id   INTEGER NOT NULL REFERENCES workers(id),
	state       TEXT NOT NULL,
	language    TEXT NOT NULL DEFAULT 'en',
	joined_at   INTEGER NOT NULL
);
CREATE INDEX people_worker ON people(worker_id);

CREATE TABLE invites (
	id         INTEGER PRIMARY KEY,
	code_hash  BLOB NOT NULL UNIQUE,
	worker_id  INTEGER NOT NULL REFERENCES workers(id),
	name       TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	claimed_by INTEGER,
	used_at    INTEGER,
	person_id  INTEGER REFERENCES people(id)
);
CREATE INDEX invites_claimed_by ON invites(claimed_by) WHERE claimed_by IS NOT NULL;

CREATE TABLE consents (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER REFERENCES people(id),
	invite_id INTEGER REFERENCES invites(id),
	version   TEXT NOT NULL,
	decision  TEXT NOT NULL,
	at        INTEGER NOT NULL
);
CREATE INDEX consents_person ON consents(person_id);

-- Every update from Telegram, recorded before it is acknowledged. The payload is dropped once
-- the update has been acted on; the id stays so a redelivery is recognised.
CREATE TABLE updates (
	update_id   INTEGER PRIMARY KEY,
	received_at INTEGER NOT NULL,
	payload     BLOB,
	done_at     INTEGER,
	outcome     TEXT
);
CREATE INDEX updates_pending ON updates(update_id) WHERE done_at IS NULL;

-- Everything the bot says. status: pending -> sent | failed, or held while the chat refuses us.
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	priority    INTEGER NOT NULL,
	chat_id     INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	payload     TEXT NOT NULL,
	file        BLOB,
	created_at  INTEGER NOT NULL,
	not_before  INTEGER NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	status      TEXT NOT NULL DEFAULT 'pending',
	sent_at     INTEGER,
	message_id  INTEGER,
	last_error  TEXT
);
CREATE INDEX outbox_pending ON outbox(priority, id) WHERE status = 'pending';
CREATE INDEX outbox_held ON outbox(chat_id) WHERE status = 'held';
`)
	return err
}

func migrateCheckins(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- A person's own time zone ('' = the service's), quiet hours (minutes from local midnight; equal
-- means none), a pause end, and what the bot is waiting for them to type.
ALTER TABLE people ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN quiet_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN quiet_end INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN paused_until INTEGER;
ALTER TABLE people ADD COLUMN awaiting TEXT NOT NULL DEFAULT '';

-- The check-in times a worker proposed in /invite, for the person to confirm.
ALTER TABLE invites ADD COLUMN proposed TEXT NOT NULL DEFAULT '';

-- One row per time of day a question set is due. occurs_at is the regular occurrence (on the
-- person's wall clock); next_due is when to act on it, later if it falls in quiet hours.
CREATE TABLE schedules (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	set_id     TEXT NOT NULL,
	spec       TEXT NOT NULL,
	occurs_at  INTEGER NOT NULL,
	next_due   INTEGER NOT NULL,
	set_by     TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX schedules_due ON schedules(next_due);
CREATE INDEX schedules_person ON schedules(person_id);

-- One row per check-in sent (or missed). status: open, answered, partial, missed, not_now, paused.
CREATE TABLE checkins (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES people(id),
	set_id       TEXT NOT NULL,
	schedule_id  INTEGER REFERENCES schedules(id),
	due_at       INTEGER NOT NULL,
	sent_at      INTEGER,
	status       TEXT NOT NULL,
	position     INTEGER NOT NULL DEFAULT 0,
	remind_at    INTEGER,
	reminded     INTEGER NOT NULL DEFAULT 0,
	expires_at   INTEGER NOT NULL,
	closed_at    INTEGER,
	late         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX checkins_person ON checkins(person_id, id);
CREATE INDEX checkins_remind ON checkins(remind_at) WHERE status = 'open' AND reminded = 0;
CREATE INDEX checkins_expiry ON checkins(expires_at) WHERE status = 'open';

CREATE TABLE answers (
	id          INTEGER PRIMARY KEY,
	checkin_id  INTEGER NOT NULL REFERENCES checkins(id),
	question_id TEXT NOT NULL,
	value       TEXT NOT NULL DEFAULT '',
	skipped     INTEGER NOT NULL DEFAULT 0,
	late        INTEGER NOT NULL DEFAULT 0,
	answered_at INTEGER NOT NULL,
	UNIQUE (checkin_id, question_id)
);
CREATE INDEX people_paused_until ON people(paused_until) WHERE paused_until IS NOT NULL;
`)
	return err
}

func migrateFlags(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- A worker's backup (who an unacknowledged urgent flag goes to) and what the bot awaits from them.
ALTER TABLE workers ADD COLUMN backup_id INTEGER REFERENCES workers(id);
ALTER TABLE workers ADD COLUMN awaiting TEXT NOT NULL DEFAULT '';

-- A reason for a worker to look. status: open, acknowledged, contacting, snoozed, resolved.
-- One open flag per person and key: new evidence joins it instead of raising another.
CREATE TABLE flags (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES people(id),
	worker_id       INTEGER NOT NULL REFERENCES workers(id),
	kind            TEXT NOT NULL,
	key             TEXT NOT NULL,
	urgent          INTEGER NOT NULL,
	reason          TEXT NOT NULL,
	status          TEXT NOT NULL,
	raised_at       INTEGER NOT NULL,
	escalate_at     INTEGER,
	escalated_to    INTEGER REFERENCES workers(id),
	snoozed_until   INTEGER,
	closed_at       INTEGER
);
CREATE UNIQUE INDEX flags_open_key ON flags(person_id, key) WHERE status != 'resolved';
CREATE INDEX flags_escalate ON flags(escalate_at) WHERE escalate_at IS NOT NULL AND status = 'open';
CREATE INDEX flags_snoozed ON flags(snoozed_until) WHERE status = 'snoozed';

-- Every step of a flag's life, with its time and who took it.
CREATE TABLE flag_events (
	id      INTEGER PRIMARY KEY,
	flag_id INTEGER NOT NULL REFERENCES flags(id),
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	event   TEXT NOT NULL,
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX flag_events_flag ON flag_events(flag_id, id);
`)
	return err
}

func migratePersonRules(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- A worker's change, made with the person, to when one answer raises a flag for them.
CREATE TABLE person_rules (
	person_id INTEGER NOT NULL REFERENCES people(id),
	question  TEXT NOT NULL,
	value     INTEGER NOT NULL,
	set_by    INTEGER NOT NULL REFERENCES workers(id),
	set_at    INTEGER NOT NULL,
	PRIMARY KEY (person_id, question)
);
`)
	return err
}

func migrateLessons(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- Where a person is in each lesson, and their answer to its reflection question, which reaches
-- their worker only if they choose to share it.
CREATE TABLE lesson_progress (
	person_id    INTEGER NOT NULL REFERENCES people(id),
	lesson_id    TEXT NOT NULL,
	position     INTEGER NOT NULL DEFAULT 0,
	started_at   INTEGER NOT NULL,
	completed_at INTEGER,
	reflection   TEXT NOT NULL DEFAULT '',
	shared       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (person_id, lesson_id)
);
`)
	return err
}

func migratePlans(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- A person's own crisis and coping plan, one line per item, in sections (helps, people, services).
CREATE TABLE plan_items (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	section    TEXT NOT NULL,
	text       TEXT NOT NULL,
	added_at   INTEGER NOT NULL
);
CREATE INDEX plan_items_person ON plan_items(person_id, section, id);
`)
	return err
}

func migrateAgenda(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- Things a person wants to talk about at their next appointment, and that appointment.
CREATE TABLE agenda_items (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id),
	text      TEXT NOT NULL,
	added_at  INTEGER NOT NULL,
	sent_at   INTEGER
);
CREATE INDEX agenda_items_person ON agenda_items(person_id, id);
CREATE TABLE appointments (
	person_id INTEGER PRIMARY KEY REFERENCES people(id),
	at        INTEGER NOT NULL,
	set_by    TEXT NOT NULL,
	sent_at   INTEGER
);
CREATE INDEX appointments_due ON appointments(at) WHERE sent_at IS NULL;
`)
	return err
}

func migrateSigns(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- A person's own early warning signs, set up with their worker and asked about in check-ins.
CREATE TABLE signs (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	text       TEXT NOT NULL,
	added_by   TEXT NOT NULL,
	added_at   INTEGER NOT NULL,
	removed_at INTEGER
);
CREATE INDEX signs_person ON signs(person_id) WHERE removed_at IS NULL;
`)
	return err
}

func migrateGoals(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- What matters to a person (values), their goals, and the small steps towards them.
CREATE TABLE person_values (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	text       TEXT NOT NULL,
	added_at   INTEGER NOT NULL
);
CREATE INDEX person_values_person ON person_values(person_id);
CREATE TABLE goals (
	id         INTEGER PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	parent_id  INTEGER REFERENCES goals(id),
	text       TEXT NOT NULL,
	added_at   INTEGER NOT NULL,
	done_at    INTEGER
);
CREATE INDEX goals_person ON goals(person_id, id);
`)
	return err
}

func migrateAudit(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- Every time a worker views or changes a person's data.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	worker_id INTEGER NOT NULL REFERENCES workers(id),
	person_id INTEGER REFERENCES people(id),
	action    TEXT NOT NULL,
	detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_person ON audit(person_id, id);
CREATE INDEX audit_worker ON audit(worker_id, id);
`)
	return err
}

func migrateDeletion(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- When a person asked for their data to be deleted (an administrator confirms) and when they stopped.
ALTER TABLE people ADD COLUMN deletion_requested_at INTEGER;
ALTER TABLE people ADD COLUMN stopped_at INTEGER;
`)
	return err
}

func migrateServiceState(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- Small facts about the service as a whole, like when the last staff digest went.
CREATE TABLE service_state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`)
	return err
}

func migrateWorkerLanguage(tx *sql.Tx) error {
	// What the bot writes to a worker in, like "es"; '' means the service's language.
	_, err := tx.Exec(`ALTER TABLE workers ADD COLUMN language TEXT NOT NULL DEFAULT ''`)
	return err
}

func migrateWorkerHours(tx *sql.Tx) error {
	// A worker's own working hours, like "Mon-Thu 09:00-17:00"; '' means the service's.
	_, err := tx.Exec(`ALTER TABLE workers ADD COLUMN hours TEXT NOT NULL DEFAULT ''`)
	return err
}

func migrateMenus(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- The command menus Telegram was last told about, so a start only sets the ones that changed.
-- chat_id 0 is the menu for every private chat in language lang ('' for everyone else).
CREATE TABLE menus (
	chat_id INTEGER NOT NULL,
	lang    TEXT NOT NULL,
	hash    TEXT NOT NULL,
	set_at  INTEGER NOT NULL,
	PRIMARY KEY (chat_id, lang)
) WITHOUT ROWID;
`)
	return err
}

// migrateMessages adds the thread between each person and their worker.
func migrateMessages(tx *sql.Tx) error {
	_, err := tx.Exec(`
-- What a person and their worker write to each other through Tandem, and where each stands.
-- 'offered' rows are a person's words waiting for them to press Send; they go if they say Not now.
CREATE TABLE messages (
	id             INTEGER PRIMARY KEY,
	person_id      INTEGER NOT NULL REFERENCES people(id),
	worker_id      INTEGER NOT NULL REFERENCES workers(id),
	direction      TEXT NOT NULL,
	media          TEXT NOT NULL DEFAULT '',
	text           TEXT NOT NULL DEFAULT '',
	source_chat    INTEGER NOT NULL DEFAULT 0,
	source_message INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	urgent         INTEGER NOT NULL DEFAULT 0,
	due_at         INTEGER NOT NULL DEFAULT 0,
	state          TEXT NOT NULL,
	reason         TEXT NOT NULL DEFAULT '',
	confirm_outbox INTEGER NOT NULL DEFAULT 0,
	confirm_shown  TEXT NOT NULL DEFAULT '',
	parts          TEXT NOT NULL DEFAULT '',
	-- 1 while the delivery or the sender's confirmation is not settled: what the periodic pass reads.
	open           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_person ON messages(person_id, id);
CREATE INDEX messages_open ON messages(id) WHERE open = 1;
CREATE INDEX messages_offered ON messages(created_at) WHERE state = 'offered';
-- Which outbox row carried each check-in's prompt, so a worker can see whether it reached the person.
CREATE TABLE prompt_deliveries (
	checkin_id INTEGER PRIMARY KEY,
	outbox_id  INTEGER NOT NULL
);
`)
	return err
}

// migrateFlagWording keeps a flag's reason and evidence as codes with their values (JSON of
// tandem.Wording), so each reader gets them in their own language, not the one of the moment.
func migrateFlagWording(tx *sql.Tx) error {
	_, err := tx.Exec(`
ALTER TABLE flags ADD COLUMN why TEXT NOT NULL DEFAULT '';
ALTER TABLE flag_events ADD COLUMN facts TEXT NOT NULL DEFAULT '';
`)
	return err
}
