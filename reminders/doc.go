// Package reminders decides when the bot speaks: it owns the outbox dispatcher that sends what
// the rest of Tandem has queued, within Telegram's limits, and (in later work) the check-in
// schedules, reminders and expiry that feed it. It knows nothing of message wording.
package reminders
