// Package outbox sends what the rest of Tandem has queued in the durable outbox, within
// Telegram's limits: it paces each chat and the bot as a whole, backs off on failures, and
// reports each delivery through hooks it declares. It knows nothing of message wording or of
// Telegram's client library: the Sender it calls is handed in.
package outbox
