package tandem

// Event is one thing someone did in a chat with the bot, as the conversations see it: a
// message, a button press, or blocking or unblocking the bot. Package telegram makes Events
// from Telegram's updates; package bot acts on them, knowing nothing of Telegram's types.
type Event struct {
	UpdateID int64
	From     User
	ChatID   int64
	Private  bool
	Lang     string
	// Text and Args for a message: "/invite Sam" has Text "/invite Sam" and Args "Sam".
	Text, Args string
	// Command is the command a message starts with ("invite" for "/invite Sam"), as Telegram
	// marked it; empty when the message is not a command. A command addressed to a bot by name
	// ("/invite@tandem_bot") keeps the name, and so matches no command of ours.
	Command string
	// For a button press.
	CallbackID string
	Data       string
	MessageID  int
	// BotStatus is set when the person changed the bot's standing in their chat
	// ("kicked" when they block it, "member" when they unblock it).
	BotStatus string
	// Edited is set when the person changed a message they had sent: it is read again for
	// worrying words, but not acted on again.
	Edited bool
	// Media is "photo", "voice", "audio", "video", "video_note", "document" or "sticker" for a
	// message that carries one; Text is then its caption.
	Media string
}

// User is who did something, as much of them as Tandem uses.
type User struct {
	ID           int64
	FirstName    string
	LanguageCode string
}

// Command is one entry in a chat's command menu.
type Command struct {
	Name        string // "checkin", without the slash
	Description string
}
