// Package telegramtest is a Telegram Bot API emulator: a real HTTP server
// that speaks the Bot API (10.1, as described by api.json) so that Tandem's
// tests and sandbox can drive the real bot, through the real
// go-telegram/bot client, on a machine that cannot reach Telegram.
//
// A Server plays both sides. Towards the bot it is api.telegram.org: point
// bot.WithServerURL at Server.URL and use Server.Token. Towards the test it is
// every person and channel: SendMessage types a message as a user,
// PressButton presses an inline button, BlockBot blocks the bot, AddChannel
// creates the staff channel, and Messages, BotMessages, CallbackAnswer,
// Commands, Stats and Webhook show what the bot did.
//
// # Requests
//
// Requests go to /bot<token>/<method>, as POST or GET, with arguments in the
// query string or in a multipart/form-data (what go-telegram/bot sends, files
// included), application/x-www-form-urlencoded or application/json body.
// Method names are case-insensitive. Answers are {"ok":true,"result":...} or
// {"ok":false,"error_code":N,"description":"..."} with parameters.retry_after
// on 429, and the descriptions are Telegram's own words where known.
//
// Served: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
// sendMessage, sendPhoto, sendDocument, editMessageText,
// editMessageReplyMarkup, deleteMessage, answerCallbackQuery, setMyCommands,
// getMyCommands, deleteMyCommands, getChat. Anything else is 404 "Not Found";
// a wrong token is 401 "Unauthorized".
//
// # What it enforces
//
// The rules a bot most easily gets wrong, with Telegram's outcome:
//
//   - HTML parse mode exactly as tdlib's parse_html: only b/strong, i/em,
//     u/ins, s/strike/del, a, code, pre, blockquote, tg-spoiler,
//     span class="tg-spoiler", tg-emoji and tg-time are tags; any other '<'
//     ("<br>", "a < b", "<name>") is 400 "Bad Request: can't parse entities:
//     Unsupported start tag ...". End tags must match. &lt; &gt; &amp; &quot;
//     and numeric references are decoded; any other '&' is kept as typed.
//   - Text 1-4096 and captions 0-1024 Unicode code points, counted after
//     entity parsing and trimming white space.
//   - Inline buttons: non-empty text, callback_data 1-64 bytes
//     ("BUTTON_DATA_INVALID"), and a button must do something ("Text buttons
//     are unallowed in the inline keyboard"). go-telegram/bot's empty
//     copy_text on every button is accepted as Telegram accepts it.
//   - A bot cannot write first: a private chat opens only once the person has
//     written (403 "bot can't initiate conversation with a user"); a blocked
//     bot gets 403 "bot was blocked by the user"; an unknown channel is 400
//     "chat not found".
//   - Editing to exactly the current text, entities and keyboard is 400
//     "message is not modified: ..."; leaving reply_markup out of an edit
//     removes the keyboard, as on Telegram.
//   - A callback query can be answered once, within the callback timeout
//     (WithCallbackTimeout, default 15s).
//   - Flood control (see Limits) on sends and edits: 429 "Too Many Requests:
//     retry after N" with parameters.retry_after; a refused request does not
//     use up quota.
//   - getUpdates: offset confirms, a newer getUpdates ends a waiting one with
//     409 "Conflict: terminated by other getUpdates request; ...", and
//     getUpdates while a webhook is set is 409.
//   - Webhooks: each update is POSTed as JSON with the
//     X-Telegram-Bot-Api-Secret-Token header, in order, and kept and retried
//     (100ms doubling to 2s) until the bot answers 2xx.
//   - Blocking and unblocking the bot send my_chat_member updates, as
//     Telegram does; bots that ignore them are unaffected.
//
// # Where it deliberately differs from Telegram
//
//   - parse_mode Markdown and MarkdownV2 are refused with a 400 that names
//     the emulator. Tandem writes HTML only; a half-right Markdown parser
//     would pass what Telegram rejects.
//   - Webhook URLs may be http:// (httptest servers); Telegram requires HTTPS
//     on ports 443, 80, 88 or 8443. Answers in the webhook response body are
//     not executed. Deliveries are sequential (max_connections is recorded
//     only).
//   - Photos and documents given by URL are not fetched; the URL is kept.
//     A photo gets one PhotoSize (its real size), not Telegram's ladder of
//     thumbnails. There is no getFile or file download.
//   - No automatic url/mention/hashtag entities in bot messages; user
//     messages get a bot_command entity for a leading /command only.
//   - Only private chats and channels exist; no groups, topics, inline
//     messages (inline_message_id is 400 "MESSAGE_ID_INVALID"), reply
//     keyboards (accepted, not shown) or web_app/login/switch-inline/game/pay
//     buttons (400 naming the emulator).
//   - Flood limits are the published guidance made exact; Telegram's real
//     limits are fuzzier and sometimes looser.
//   - Descriptions for rarely hit errors (invalid command lists, bad scopes,
//     empty button text "BUTTON_TEXT_INVALID") are best guesses.
//   - setWebhook without url removes the webhook (Telegram treats a missing
//     url as empty, which is documented to remove it).
package telegramtest
