package telegram

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

	"github.com/tandemcare/tandem"
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
func (c *Client) Poll(ctx context.Context, processed func()) error {
	// A webhook left behind by an earlier deployment would make getUpdates fail with 409.
	if _, err := c.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		c.log.Warn("intake: could not remove an old webhook", "err", c.redact(err.Error()))
	}
	last, err := c.store.LastUpdateID(ctx)
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
		c.pollingOnce.Do(func() { close(c.polling) })
		raws, err := c.getUpdates(ctx, offset)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, ErrUnauthorized) {
			return err
		}
		if err != nil {
			wait = min(max(2*wait, 500*time.Millisecond), 30*time.Second)
			c.log.Warn("intake: getUpdates failed; retrying", "in", wait, "err", c.redact(err.Error()))
			continue
		}
		wait = 0
		batch := make([]store.RawUpdate, 0, len(raws))
		next := offset
		for _, raw := range raws {
			id, err := updateID(raw)
			if err != nil {
				c.log.Error("intake: Telegram sent an update without an id; skipping it", "err", err)
				continue
			}
			batch = append(batch, store.RawUpdate{ID: id, Payload: raw})
			next = max(next, id+1)
		}
		if len(batch) == 0 {
			offset = next
			continue
		}
		fresh, err := c.store.RecordUpdates(ctx, batch)
		if err != nil {
			// Not recorded, so not acknowledged: Telegram will send them again.
			c.log.Error("intake: could not record updates; will fetch them again", "count", len(batch), "err", err)
			wait = time.Second
			continue
		}
		c.received.With("poll").Add(float64(fresh))
		if dup := len(batch) - fresh; dup > 0 {
			c.duplicates.With().Add(float64(dup))
			c.log.Info("intake: updates delivered again; each is acted on only once", "count", dup)
		}
		offset = next
		processed()
	}
}

func (c *Client) record(ctx context.Context, id int64, raw []byte, source string) error {
	fresh, err := c.store.RecordUpdate(ctx, id, raw)
	if err != nil {
		return err
	}
	if fresh {
		c.received.With(source).Inc()
	} else {
		c.duplicates.With().Inc()
		c.log.Info("intake: update delivered again; it is acted on only once", "update_id", id)
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
func (c *Client) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	form := url.Values{}
	form.Set("offset", strconv.FormatInt(offset, 10))
	form.Set("timeout", strconv.Itoa(int(pollTimeout.Seconds())))
	allowed, _ := json.Marshal(allowedUpdates)
	form.Set("allowed_updates", string(allowed))
	u := strings.TrimRight(c.cfg.APIURL, "/") + "/bot" + c.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %s", c.redact(err.Error()))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %s", c.redact(err.Error()))
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
func (c *Client) WebhookHandler(secret string, processed func()) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
			c.log.Warn("intake: webhook call with a wrong or missing secret token", "remote", r.RemoteAddr)
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
			c.log.Warn("intake: webhook body is not an update", "err", err)
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		if err := c.record(r.Context(), id, raw, "webhook"); err != nil {
			c.log.Error("intake: could not record a webhook update; Telegram will retry", "update_id", id, "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		processed()
		w.WriteHeader(http.StatusOK)
	})
}

// SetWebhook points Telegram at publicURL for updates.
func (c *Client) SetWebhook(ctx context.Context, publicURL, secret string) error {
	_, err := c.tg.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL: publicURL, SecretToken: secret, AllowedUpdates: allowedUpdates,
	})
	if err != nil {
		return fmt.Errorf("telegram: setWebhook: %s", c.redact(err.Error()))
	}
	return nil
}

// Handler acts on the Events intake hands it; package bot provides it.
type Handler interface {
	// Handle acts on ev and records it handled, in one transaction with its effects. An error
	// means it may be tried again.
	Handle(ctx context.Context, ev *tandem.Event) error
	// GiveUp records ev handled with outcome ("failed", "panicked") after repeated failures,
	// and tells whoever sent it, so they are not left waiting in silence.
	GiveUp(ctx context.Context, ev *tandem.Event, outcome string) error
}

// maxAttempts bounds retries of an update whose handler keeps failing, so one bad update cannot
// stall everyone else's.
const maxAttempts = 3

// Updates are handled several to a transaction, each in a savepoint of its own with its "done"
// mark: one disk sync for a run of answers instead of one each, and still exactly once. A run
// ends after batchSize updates or batchTime of work, so what a handler queued (a crisis reply)
// is committed, and can be sent, within a few milliseconds.
const (
	batchSize = 64
	batchTime = 5 * time.Millisecond
)

// Process acts on recorded updates in order until ctx ends. wakeup signals new ones.
func (c *Client) Process(ctx context.Context, h Handler, wakeup <-chan struct{}) error {
	attempts := map[int64]int{}
	for {
		pending, err := c.store.NextUpdates(ctx, 100)
		if err != nil && ctx.Err() == nil {
			c.log.Error("intake: could not read recorded updates", "err", err)
		}
		full := len(pending) == 100
		retryLater := false
		for len(pending) > 0 && ctx.Err() == nil {
			n, err := c.handleRun(ctx, h, pending)
			for _, p := range pending[:n] {
				delete(attempts, p.ID)
			}
			pending = pending[n:]
			if err == nil {
				continue
			}
			p := pending[0]
			attempts[p.ID]++
			if attempts[p.ID] < maxAttempts {
				c.log.Warn("intake: handling an update failed; will retry", "update_id", p.ID, "attempt", attempts[p.ID], "err", err)
				retryLater = true
				break // keep order: nothing after it goes first
			}
			c.giveUp(ctx, h, p, err)
			delete(attempts, p.ID)
			pending = pending[1:]
		}
		if ctx.Err() != nil {
			return nil
		}
		if full && !retryLater {
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

// handleRun handles the first of pending and as many after it as fit in one transaction. It
// reports how many were handled and committed and, if the one after them failed (its effects
// undone, the others' kept), why.
func (c *Client) handleRun(ctx context.Context, h Handler, pending []store.PendingUpdate) (int, error) {
	n := 0
	var failed error
	err := c.store.Batch(ctx, func(ctx context.Context) error {
		deadline := time.Now().Add(batchTime)
		for n < len(pending) && n < batchSize && ctx.Err() == nil {
			if err := c.processOne(ctx, h, pending[n]); err != nil {
				failed = err
				return nil
			}
			n++
			if time.Now().After(deadline) {
				break
			}
		}
		return nil
	})
	if err == nil {
		return n, failed
	}
	// The commit failed, so none of them happened. One at a time, each in a transaction of its
	// own, shows which (if any) is at fault.
	c.log.Warn("intake: a run of updates could not be committed together; handling them one by one", "count", n, "err", err)
	if err := c.processOne(ctx, h, pending[0]); err != nil {
		return 0, err
	}
	return 1, nil
}

// processOne hands one recorded update to the Handler and reports its error.
func (c *Client) processOne(ctx context.Context, h Handler, p store.PendingUpdate) (err error) {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			c.panics.With().Inc()
			err = fmt.Errorf("panic: %v", r)
			c.log.Error("intake: handler panicked", "update_id", p.ID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	var upd models.Update
	if err := json.Unmarshal(p.Payload, &upd); err != nil {
		return fmt.Errorf("decode update %d: %w", p.ID, err)
	}
	if err := h.Handle(ctx, eventFrom(&upd)); err != nil {
		return err
	}
	c.handleTime.With().Observe(time.Since(start).Seconds())
	return nil
}

// giveUp marks an update that keeps failing as handled, and has the Handler apologise to
// whoever sent it.
func (c *Client) giveUp(ctx context.Context, h Handler, p store.PendingUpdate, cause error) {
	outcome := "failed"
	if strings.HasPrefix(cause.Error(), "panic:") {
		outcome = "panicked"
	}
	c.handlerErrors.With(outcome).Inc()
	c.log.Error("intake: giving up on an update after repeated failures", "update_id", p.ID, "err", cause)
	var upd models.Update
	_ = json.Unmarshal(p.Payload, &upd)
	ev := eventFrom(&upd)
	ev.UpdateID = p.ID
	if err := h.GiveUp(ctx, ev, outcome); err != nil && !errors.Is(err, store.ErrAlreadyDone) {
		c.log.Error("intake: could not record a failed update", "update_id", p.ID, "err", err)
	}
}
