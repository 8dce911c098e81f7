package telegramtest

// This file holds the JSON shapes the emulator emits. They are separate from
// the public, Go-friendly types so that the wire format can follow the Bot API
// exactly (field names are checked against api.json by the conformance test).

// apiResponse is the envelope of every Bot API answer.
type apiResponse struct {
	OK          bool           `json:"ok"`
	Result      any            `json:"result,omitempty"`
	ErrorCode   int            `json:"error_code,omitempty"`
	Description string         `json:"description,omitempty"`
	Parameters  *apiParameters `json:"parameters,omitempty"`
}

// apiParameters is ResponseParameters; only retry_after is ever produced.
type apiParameters struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

type wireUser struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
	// The following are only returned by getMe, as Telegram does.
	CanJoinGroups           *bool `json:"can_join_groups,omitempty"`
	CanReadAllGroupMessages *bool `json:"can_read_all_group_messages,omitempty"`
	SupportsInlineQueries   *bool `json:"supports_inline_queries,omitempty"`
	CanConnectToBusiness    *bool `json:"can_connect_to_business,omitempty"`
	HasMainWebApp           *bool `json:"has_main_web_app,omitempty"`
}

type wireChat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

type wireAcceptedGiftTypes struct {
	UnlimitedGifts      bool `json:"unlimited_gifts"`
	LimitedGifts        bool `json:"limited_gifts"`
	UniqueGifts         bool `json:"unique_gifts"`
	PremiumSubscription bool `json:"premium_subscription"`
	GiftsFromChannels   bool `json:"gifts_from_channels"`
}

type wireChatFullInfo struct {
	ID                int64                 `json:"id"`
	Type              string                `json:"type"`
	Title             string                `json:"title,omitempty"`
	Username          string                `json:"username,omitempty"`
	FirstName         string                `json:"first_name,omitempty"`
	LastName          string                `json:"last_name,omitempty"`
	AccentColorID     int                   `json:"accent_color_id"`
	MaxReactionCount  int                   `json:"max_reaction_count"`
	AcceptedGiftTypes wireAcceptedGiftTypes `json:"accepted_gift_types"`
}

type wireEntity struct {
	Type           string `json:"type"`
	Offset         int    `json:"offset"`
	Length         int    `json:"length"`
	URL            string `json:"url,omitempty"`
	Language       string `json:"language,omitempty"`
	CustomEmojiID  string `json:"custom_emoji_id,omitempty"`
	UnixTime       int64  `json:"unix_time,omitempty"`
	DateTimeFormat string `json:"date_time_format,omitempty"`
}

type wirePhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

type wireDocument struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

type wireVoice struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Duration     int    `json:"duration"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

type wireSticker struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Type         string `json:"type"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	IsAnimated   bool   `json:"is_animated"`
	IsVideo      bool   `json:"is_video"`
	Emoji        string `json:"emoji,omitempty"`
}

type wireButton struct {
	Text         string        `json:"text"`
	URL          string        `json:"url,omitempty"`
	CallbackData string        `json:"callback_data,omitempty"`
	CopyText     *wireCopyText `json:"copy_text,omitempty"`
}

type wireCopyText struct {
	Text string `json:"text"`
}

type wireInlineKeyboard struct {
	InlineKeyboard [][]wireButton `json:"inline_keyboard"`
}

type wireMessage struct {
	MessageID       int                 `json:"message_id"`
	From            *wireUser           `json:"from,omitempty"`
	SenderChat      *wireChat           `json:"sender_chat,omitempty"`
	Date            int64               `json:"date"`
	Chat            wireChat            `json:"chat"`
	EditDate        int64               `json:"edit_date,omitempty"`
	Text            string              `json:"text,omitempty"`
	Entities        []wireEntity        `json:"entities,omitempty"`
	Photo           []wirePhotoSize     `json:"photo,omitempty"`
	Document        *wireDocument       `json:"document,omitempty"`
	Voice           *wireVoice          `json:"voice,omitempty"`
	Sticker         *wireSticker        `json:"sticker,omitempty"`
	Caption         string              `json:"caption,omitempty"`
	CaptionEntities []wireEntity        `json:"caption_entities,omitempty"`
	ReplyMarkup     *wireInlineKeyboard `json:"reply_markup,omitempty"`
}

// wireInaccessibleMessage is what a callback query carries when the message
// is gone (or never existed, for forged presses): date 0 marks it.
type wireInaccessibleMessage struct {
	Chat      wireChat `json:"chat"`
	MessageID int      `json:"message_id"`
	Date      int64    `json:"date"`
}

type wireCallbackQuery struct {
	ID           string   `json:"id"`
	From         wireUser `json:"from"`
	Message      any      `json:"message,omitempty"`
	ChatInstance string   `json:"chat_instance"`
	Data         string   `json:"data,omitempty"`
}

// wireChatMember covers ChatMemberMember and ChatMemberBanned, the only two
// states a private chat with a bot moves between (block / unblock).
type wireChatMember struct {
	Status    string   `json:"status"`
	User      wireUser `json:"user"`
	UntilDate *int64   `json:"until_date,omitempty"`
}

type wireChatMemberUpdated struct {
	Chat          wireChat       `json:"chat"`
	From          wireUser       `json:"from"`
	Date          int64          `json:"date"`
	OldChatMember wireChatMember `json:"old_chat_member"`
	NewChatMember wireChatMember `json:"new_chat_member"`
}

type wireUpdate struct {
	UpdateID      int64                  `json:"update_id"`
	Message       *wireMessage           `json:"message,omitempty"`
	EditedMessage *wireMessage           `json:"edited_message,omitempty"`
	CallbackQuery *wireCallbackQuery     `json:"callback_query,omitempty"`
	MyChatMember  *wireChatMemberUpdated `json:"my_chat_member,omitempty"`
}

type wireWebhookInfo struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

type wireBotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}
