package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem/store"
)

// Updates reach Tandem by long polling or by webhook. Either way an update is written to the
// database before Telegram is told we have it, and acted on later from there, exactly once.
// go-telegram/bot's own poller acknowledges an update as soon as it is queued in memory, so a
// crash would lose it; that is why intake is ours and only handling goes through the library.

// allowedUpdates are the kinds of update Tandem acts on. my_chat_member tells us at once when
// someone blocks the bot.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// ErrUnauthorized means Telegram refused the token: nothing will work until it is fixed.
var ErrUnauthorized = errors.New("telegram refused the bot token")

// Poll long-polls getUpdates until ctx ends. The offset that acknowledges updates is only
// advanced past updates already committed to the database.
func (b *Bot) Poll(ctx context.Context, processed func()) error {
	// A webhook left behind by an earlier deployment would make getUpdates fail with 409.
	if _, err := b.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		b.log.Warn("intake: could not remove an old webhook", "err", redact(err.Error(), b.cfg.Token))
	}
	last, err := b.store.LastUpdateID(ctx)
	if err != nil {
		return err
	}
	offset := last + 1
	var wait time.Duration
	for {
		if wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
		}
		raws, err := b.getUpdates(ctx, offset)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, ErrUnauthorized) {
			return err
		}
		if err != nil {
			wait = min(max(2*wait, 500*time.Millisecond), 30*time.Second)
			b.log.Warn("intake: getUpdates failed; retrying", "in", wait, "err", redact(err.Error(), b.cfg.Token))
			continue
		}
		wait = 0
		batch := make([]store.RawUpdate, 0, len(raws))
		next := offset
		for _, raw := range raws {
			id, err := updateID(raw)
			if err != nil {
				b.log.Error("intake: Telegram sent an update without an id; skipping it", "err", err)
				continue
			}
			batch = append(batch, store.RawUpdate{ID: id, Payload: raw})
			next = max(next, id+1)
		}
		if len(batch) == 0 {
			offset = next
			continue
		}
		fresh, err := b.store.RecordUpdates(ctx, batch)
		if err != nil {
			// Not recorded, so not acknowledged: Telegram will send them again.
			b.log.Error("intake: could not record updates; will fetch them again", "count", len(batch), "err", err)
			wait = time.Second
			continue
		}
		b.received.With("poll").Add(float64(fresh))
		if dup := len(batch) - fresh; dup > 0 {
			b.duplicates.With().Add(float64(dup))
			b.log.Info("intake: updates delivered again; each is acted on only once", "count", dup)
		}
		offset = next
		processed()
	}
}

func (b *Bot) record(ctx context.Context, id int64, raw []byte, source string) error {
	fresh, err := b.store.RecordUpdate(ctx, id, raw)
	if err != nil {
		return err
	}
	if fresh {
		b.received.With(source).Inc()
	} else {
		b.duplicates.With().Inc()
		b.log.Info("intake: update delivered again; it is acted on only once", "update_id", id)
	}
	return nil
}

func updateID(raw []byte) (int64, error) {
	var u struct {
		ID *int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		return 0, err
	}
	if u.ID == nil {
		return 0, errors.New("no update_id")
	}
	return *u.ID, nil
}

// getUpdates is a raw call because the library offers no way to fetch updates without also
// acknowledging them before they are stored.
func (b *Bot) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	form := url.Values{}
	form.Set("offset", strconv.FormatInt(offset, 10))
	form.Set("timeout", strconv.Itoa(int(pollTimeout.Seconds())))
	allowed, _ := json.Marshal(allowedUpdates)
	form.Set("allowed_updates", string(allowed))
	u := strings.TrimRight(b.cfg.APIURL, "/") + "/bot" + b.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %s", redact(err.Error(), b.cfg.Token))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %s", redact(err.Error(), b.cfg.Token))
	}
	defer resp.Body.Close()
	var body struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&body); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d: %w", resp.StatusCode, err)
	}
	if !body.OK {
		if body.ErrorCode == http.StatusUnauthorized {
			return nil, fmt.Errorf("%w (getUpdates: %s)", ErrUnauthorized, body.Description)
		}
		if body.Parameters.RetryAfter > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(time.Duration(body.Parameters.RetryAfter) * time.Second):
			}
		}
		return nil, fmt.Errorf("getUpdates: %d %s", body.ErrorCode, body.Description)
	}
	return body.Result, nil
}

// WebhookHandler receives updates that Telegram POSTs. Unlike the library's handler, a wrong or
// missing secret token gets 401, and an update is answered 200 only once it is stored: any other
// answer makes Telegram deliver it again.
func (b *Bot) WebhookHandler(secret string, processed func()) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
			b.log.Warn("intake: webhook call with a wrong or missing secret token", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		id, err := updateID(raw)
		if err != nil {
			b.log.Warn("intake: webhook body is not an update", "err", err)
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		if err := b.record(r.Context(), id, raw, "webhook"); err != nil {
			b.log.Error("intake: could not record a webhook update; Telegram will retry", "update_id", id, "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		processed()
		w.WriteHeader(http.StatusOK)
	})
}

// SetWebhook points Telegram at publicURL for updates.
func (b *Bot) SetWebhook(ctx context.Context, publicURL, secret string) error {
	_, err := b.tg.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL: publicURL, SecretToken: secret, AllowedUpdates: allowedUpdates,
	})
	if err != nil {
		return fmt.Errorf("bot: setWebhook: %s", redact(err.Error(), b.cfg.Token))
	}
	return nil
}

// maxAttempts bounds retries of an update whose handler keeps failing, so one bad update cannot
// stall everyone else's.
const maxAttempts = 3

// Process acts on recorded updates in order until ctx ends. wakeup signals new ones.
func (b *Bot) Process(ctx context.Context, wakeup <-chan struct{}) error {
	attempts := map[int64]int{}
	for {
		pending, err := b.store.NextUpdates(ctx, 100)
		if err != nil && ctx.Err() == nil {
			b.log.Error("intake: could not read recorded updates", "err", err)
		}
		retryLater := false
		for _, p := range pending {
			if ctx.Err() != nil {
				return nil
			}
			if err := b.processOne(ctx, p); err != nil {
				attempts[p.ID]++
				if attempts[p.ID] < maxAttempts {
					b.log.Warn("intake: handling an update failed; will retry", "update_id", p.ID, "attempt", attempts[p.ID], "err", err)
					retryLater = true
					break // keep order: nothing after it goes first
				}
				b.giveUp(ctx, p, err)
			}
			delete(attempts, p.ID)
		}
		if len(pending) == 100 && !retryLater {
			continue
		}
		wait := time.Second
		if retryLater {
			wait = 500 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wakeup:
		case <-time.After(wait):
		}
	}
}

// processOne hands one recorded update to the library's router and reports its handler's error.
func (b *Bot) processOne(ctx context.Context, p store.PendingUpdate) (err error) {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			b.panics.With().Inc()
			err = fmt.Errorf("panic: %v", r)
			b.log.Error("intake: handler panicked", "update_id", p.ID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	var upd models.Update
	if err := json.Unmarshal(p.Payload, &upd); err != nil {
		return fmt.Errorf("decode update %d: %w", p.ID, err)
	}
	res := &handlerResult{}
	b.tg.ProcessUpdate(context.WithValue(ctx, errKey, res), &upd)
	if res.err != nil {
		return res.err
	}
	// A handler that decided to do nothing still has to mark the update handled.
	if !res.done {
		if err := b.act(ctx, &Event{UpdateID: p.ID}, "ignored", func(*store.Tx) error { return nil }); err != nil && !errors.Is(err, store.ErrAlreadyDone) {
			return err
		}
	}
	b.handleTime.With().Observe(time.Since(start).Seconds())
	return nil
}

// giveUp marks an update that keeps failing as handled, and apologises to whoever sent it, so
// they are not left waiting in silence.
func (b *Bot) giveUp(ctx context.Context, p store.PendingUpdate, cause error) {
	outcome := "failed"
	if strings.HasPrefix(cause.Error(), "panic:") {
		outcome = "panicked"
	}
	b.handlerErrors.With(outcome).Inc()
	b.log.Error("intake: giving up on an update after repeated failures", "update_id", p.ID, "err", cause)
	var upd models.Update
	_ = json.Unmarshal(p.Payload, &upd)
	ev := eventFrom(&upd)
	ev.UpdateID = p.ID
	err := b.act(ctx, ev, outcome, func(tx *store.Tx) error {
		return b.apologise(ctx, tx, ev)
	})
	if err != nil && !errors.Is(err, store.ErrAlreadyDone) {
		b.log.Error("intake: could not record a failed update", "update_id", p.ID, "err", err)
	}
}
