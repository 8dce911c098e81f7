package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// poller is the getUpdates request currently waiting; a newer one ends it.
type poller struct {
	conflict chan struct{}
}

type webhookState struct {
	url            string
	secret         string
	maxConnections int
	allowed        []string
	lastErrorDate  time.Time
	lastError      string
	deliveries     int
}

// WebhookInfo is the webhook as the emulator knows it.
type WebhookInfo struct {
	URL                string
	SecretToken        string
	PendingUpdateCount int
	LastErrorDate      time.Time
	LastErrorMessage   string
	Deliveries         int // updates delivered with a 2xx answer
}

// Webhook reports the current webhook, if any.
func (s *Server) Webhook() WebhookInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhook
	return WebhookInfo{URL: w.url, SecretToken: w.secret, PendingUpdateCount: len(s.updates),
		LastErrorDate: w.lastErrorDate, LastErrorMessage: w.lastError, Deliveries: w.deliveries}
}

var (
	errWebhookActive = &apiError{code: http.StatusConflict, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	errOtherPoller   = &apiError{code: http.StatusConflict, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
)

// parseAllowed reads allowed_updates; an empty list means Telegram's default.
func parseAllowed(raw string) (map[string]bool, []string, *apiError) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil, nil
	}
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		return nil, nil, badRequest("can't parse allowed updates JSON object")
	}
	if len(list) == 0 {
		return nil, nil, nil
	}
	set := map[string]bool{}
	for _, k := range list {
		set[k] = true
	}
	return set, list, nil
}

// getUpdates follows Telegram: offset confirms every update below it (a
// negative offset keeps only the last -offset), limit is clamped to 1-100,
// and timeout long-polls. A newer getUpdates ends a waiting one with 409.
func (s *Server) getUpdates(r *http.Request, p *params) (any, string, *apiError) {
	offset, hasOffset, _ := p.integer("offset")
	limit, _, _ := p.integer("limit")
	timeout, _, _ := p.integer("timeout")
	allowedRaw, hasAllowed := p.get("allowed_updates")
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout = max(0, min(timeout, 50)) // Telegram caps long polls at 50 seconds
	var allowed map[string]bool
	if hasAllowed {
		var err *apiError
		if allowed, _, err = parseAllowed(allowedRaw); err != nil {
			return nil, "", err
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhook.url != "" {
		return nil, "", errWebhookActive
	}
	if hasAllowed {
		s.allowed = allowed
	}
	if hasOffset {
		if offset < 0 {
			if keep := int(-offset); keep < len(s.updates) {
				s.updates = append([]queuedUpdate(nil), s.updates[len(s.updates)-keep:]...)
			}
		} else {
			i := 0
			for i < len(s.updates) && s.updates[i].id < offset {
				i++
			}
			if i > 0 {
				s.updates = append([]queuedUpdate(nil), s.updates[i:]...)
				s.changedLocked()
			}
		}
	}
	if s.poller != nil {
		close(s.poller.conflict)
	}
	me := &poller{conflict: make(chan struct{})}
	s.poller = me
	defer func() {
		if s.poller == me {
			s.poller = nil
		}
	}()
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		if s.webhook.url != "" {
			return nil, "", errWebhookActive
		}
		if len(s.updates) > 0 || timeout == 0 {
			n := min(int(limit), len(s.updates))
			out := make([]json.RawMessage, n)
			for i := range n {
				out[i] = s.updates[i].raw
			}
			return out, "", nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
			s.mu.Lock()
		case <-me.conflict:
			s.mu.Lock()
			return nil, "", errOtherPoller
		case <-deadline.C:
			s.mu.Lock()
			return []json.RawMessage{}, "", nil
		case <-r.Context().Done():
			s.mu.Lock()
			return []json.RawMessage{}, "", nil
		case <-s.done:
			s.mu.Lock()
			return []json.RawMessage{}, "", nil
		}
	}
}

var secretTokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

// setWebhook accepts http:// as well as https:// URLs so that tests can use
// httptest servers; Telegram insists on HTTPS.
func (s *Server) setWebhook(_ *http.Request, p *params) (any, string, *apiError) {
	raw := strings.TrimSpace(p.str("url"))
	drop := p.boolean("drop_pending_updates")
	secret := p.str("secret_token")
	maxConn, hasMax, validMax := p.integer("max_connections")
	allowedRaw, hasAllowed := p.get("allowed_updates")
	if len(secret) > 256 {
		return nil, "", badRequest("secret token is too long")
	}
	if !secretTokenRE.MatchString(secret) {
		return nil, "", badRequest("secret token contains unallowed characters")
	}
	if hasMax && (!validMax || maxConn < 1 || maxConn > 100) {
		return nil, "", badRequest("max_connections must be between 1 and 100")
	}
	var allowed map[string]bool
	var allowedList []string
	if hasAllowed {
		var err *apiError
		if allowed, allowedList, err = parseAllowed(allowedRaw); err != nil {
			return nil, "", err
		}
	}
	if raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, "", badRequest("bad webhook: invalid webhook URL specified")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if drop {
		s.updates = nil
	}
	if hasAllowed {
		s.allowed = allowed
	}
	if raw == "" { // Telegram: an empty URL removes the webhook
		s.webhook = webhookState{}
		s.changedLocked()
		return true, "Webhook was deleted", nil
	}
	s.webhook = webhookState{url: raw, secret: secret, maxConnections: int(maxConn), allowed: allowedList}
	if s.poller != nil { // a waiting getUpdates learns that a webhook now exists
		close(s.poller.conflict)
		s.poller = nil
	}
	s.changedLocked()
	return true, "Webhook was set", nil
}

func (s *Server) deleteWebhook(_ *http.Request, p *params) (any, string, *apiError) {
	drop := p.boolean("drop_pending_updates")
	s.mu.Lock()
	defer s.mu.Unlock()
	if drop {
		s.updates = nil
	}
	was := s.webhook.url != ""
	s.webhook = webhookState{}
	s.changedLocked()
	if !was {
		return true, "Webhook is already deleted", nil
	}
	return true, "Webhook was deleted", nil
}

func (s *Server) getWebhookInfo(_ *http.Request, _ *params) (any, string, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhook
	info := wireWebhookInfo{URL: w.url, PendingUpdateCount: len(s.updates), LastErrorMessage: w.lastError,
		MaxConnections: w.maxConnections, AllowedUpdates: w.allowed}
	if !w.lastErrorDate.IsZero() {
		info.LastErrorDate = w.lastErrorDate.Unix()
	}
	if w.url != "" && info.MaxConnections == 0 {
		info.MaxConnections = 40
	}
	return info, "", nil
}

// Webhook retry backoff: short, so tests that make the bot fail stay fast.
const (
	webhookFirstBackoff = 100 * time.Millisecond
	webhookMaxBackoff   = 2 * time.Second
)

// webhookLoop delivers queued updates one at a time, in order, to the
// webhook, keeping each until the bot answers 2xx.
func (s *Server) webhookLoop() {
	client := &http.Client{Timeout: 10 * time.Second}
	backoff := time.Duration(0)
	for {
		if backoff > 0 {
			select {
			case <-s.done:
				return
			case <-time.After(backoff):
			}
		}
		s.mu.Lock()
		w := s.webhook
		var upd queuedUpdate
		have := w.url != "" && len(s.updates) > 0
		if have {
			upd = s.updates[0]
		}
		s.mu.Unlock()
		if !have {
			backoff = 0
			select {
			case <-s.done:
				return
			case <-s.webhookKick:
			}
			continue
		}
		errMsg := deliver(client, s.done, w, upd.raw)
		s.mu.Lock()
		if s.webhook.url == w.url {
			if errMsg == "" {
				if len(s.updates) > 0 && s.updates[0].id == upd.id {
					s.updates = s.updates[1:]
				}
				s.webhook.deliveries++
				backoff = 0
			} else {
				s.webhook.lastError = errMsg
				s.webhook.lastErrorDate = s.now()
				backoff = min(max(webhookFirstBackoff, backoff*2), webhookMaxBackoff)
			}
			s.changedLocked()
		}
		s.mu.Unlock()
	}
}

// deliver POSTs one update and returns "" or Telegram's last_error_message.
func deliver(client *http.Client, done <-chan struct{}, w webhookState, raw []byte) string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-done:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(raw))
	if err != nil {
		return "Invalid webhook URL"
	}
	req.Header.Set("Content-Type", "application/json")
	if w.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", w.secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "Connection refused"
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Sprintf("Wrong response from the webhook: %s", resp.Status)
	}
	return ""
}
