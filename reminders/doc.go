// Package reminders decides when the bot speaks: it steps every person's check-in schedules,
// sends reminders and closes check-ins that were not answered, and hands each prompt to a
// Prompter to word. It knows nothing of message wording; the outbox package sends what it queues.
package reminders
