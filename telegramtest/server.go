package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Option configures a Server built by New.
type Option func(*config)

type config struct {
	token           string
	botID           int64
	botUsername     string
	botFirstName    string
	limits          Limits
	addr            string
	listener        net.Listener
	callbackTimeout time.Duration
	now             func() time.Time
	firstUpdateID   int64
}

// WithToken sets the bot token the emulator accepts; any other token is 401.
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithBot sets the bot's own identity as getMe reports it.
func WithBot(id int64, username, firstName string) Option {
	return func(c *config) { c.botID, c.botUsername, c.botFirstName = id, username, firstName }
}

// WithLimits replaces the flood limits. Zero fields take their default, so
// WithLimits(Limits{ChatBurst: 10}) changes only the burst; set Disabled to
// switch flood control off.
func WithLimits(l Limits) Option {
	return func(c *config) {
		d := DefaultLimits()
		if l.GlobalPerSecond <= 0 {
			l.GlobalPerSecond = d.GlobalPerSecond
		}
		if l.ChatPerSecond <= 0 {
			l.ChatPerSecond = d.ChatPerSecond
		}
		if l.ChatBurst <= 0 {
			l.ChatBurst = d.ChatBurst
		}
		if l.GroupPerMinute <= 0 {
			l.GroupPerMinute = d.GroupPerMinute
		}
		c.limits = l
	}
}

// WithAddr makes the emulator listen on addr (e.g. "127.0.0.1:8081") instead
// of a random local port.
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithListener makes the emulator serve on an existing listener.
func WithListener(l net.Listener) Option { return func(c *config) { c.listener = l } }

// WithCallbackTimeout sets how long after a button press answerCallbackQuery
// is still accepted (Telegram: about 15 seconds).
func WithCallbackTimeout(d time.Duration) Option { return func(c *config) { c.callbackTimeout = d } }

// WithFirstUpdateID makes update ids start after id, as they would for a bot that has seen
// updates up to id before: a bot restarted on a kept database polls from its last update id.
func WithFirstUpdateID(id int64) Option { return func(c *config) { c.firstUpdateID = id } }

// WithClock replaces time.Now, so tests can move time (callback expiry, flood
// limits, message dates) without sleeping.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// Server is a running Bot API emulator plus the "other side" of every chat:
// methods such as SendMessage and PressButton act as Telegram users.
type Server struct {
	cfg     config
	botUser User
	ln      net.Listener
	srv     *http.Server
	handler http.Handler
	done    chan struct{}
	closing sync.Once
	wg      sync.WaitGroup

	mu           sync.Mutex
	changed      chan struct{} // closed and replaced on every state change
	subs         map[int]chan struct{}
	nextSub      int
	chats        map[int64]*chatState
	chatOrder    []int64
	updates      []queuedUpdate
	nextUpdateID int64
	allowed      map[string]bool // nil: Telegram's default set
	poller       *poller
	webhook      webhookState
	webhookKick  chan struct{}
	queries      map[string]*queryState
	nextQuery    int64
	commands     map[commandKey][]Command
	files        map[string]*storedFile
	nextFile     int
	limiter      *limiter
	stats        Stats
	failures     map[string]*failure
	undeclared   map[string]bool // "method.param" read but not declared; see conformance test
	faults       faultState      // see SetFaults
}

// New starts an emulator listening on 127.0.0.1:0 (or WithAddr/WithListener).
// It panics if it cannot listen, as httptest.NewServer does: it is test and
// sandbox infrastructure, and there is nothing sensible to do instead.
func New(opts ...Option) *Server {
	cfg := config{
		token:           "123456:TEST-emulator-token",
		botID:           123456,
		botUsername:     "tandem_test_bot",
		botFirstName:    "Tandem",
		limits:          DefaultLimits(),
		addr:            "127.0.0.1:0",
		callbackTimeout: 15 * time.Second,
		now:             time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:          cfg,
		botUser:      User{ID: cfg.botID, FirstName: cfg.botFirstName, Username: cfg.botUsername},
		done:         make(chan struct{}),
		changed:      make(chan struct{}),
		subs:         map[int]chan struct{}{},
		chats:        map[int64]*chatState{},
		nextUpdateID: max(100000001, cfg.firstUpdateID+1),
		webhookKick:  make(chan struct{}, 1),
		queries:      map[string]*queryState{},
		nextQuery:    4000000000000000001,
		commands:     map[commandKey][]Command{},
		files:        map[string]*storedFile{},
		limiter:      newLimiter(cfg.limits),
		stats:        Stats{Requests: map[string]int{}, Errors: map[int]int{}},
		failures:     map[string]*failure{},
		undeclared:   map[string]bool{},
	}
	s.handler = s.withFaults(http.HandlerFunc(s.serveHTTP))
	ln := cfg.listener
	if ln == nil {
		var err error
		ln, err = net.Listen("tcp", cfg.addr)
		if err != nil {
			panic("telegramtest: listen on " + cfg.addr + ": " + err.Error())
		}
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic("telegramtest: serve: " + err.Error())
		}
	}()
	go func() {
		defer s.wg.Done()
		s.webhookLoop()
	}()
	return s
}

// URL is the base URL to hand to bot.WithServerURL.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Token is the bot token the emulator accepts.
func (s *Server) Token() string { return s.cfg.token }

// BotUsername is the bot's username, without '@'.
func (s *Server) BotUsername() string { return s.cfg.botUsername }

// Handler is the Bot API HTTP handler, for mounting the emulator elsewhere.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops the server. Long polls still waiting are released first, so
// Close does not wait out a client's getUpdates timeout.
func (s *Server) Close() {
	s.closing.Do(func() {
		close(s.done)
		_ = s.srv.Close()
		s.wg.Wait()
	})
}

// Stats counts what the bot asked of the emulator.
type Stats struct {
	Requests        map[string]int // per method, canonical spelling (e.g. "sendMessage")
	TooManyRequests int            // 429 answers given
	Errors          map[int]int    // error answers by error_code
}

// Stats returns a copy of the request counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Stats{Requests: map[string]int{}, Errors: map[int]int{}, TooManyRequests: s.stats.TooManyRequests}
	for k, v := range s.stats.Requests {
		out.Requests[k] = v
	}
	for k, v := range s.stats.Errors {
		out.Errors[k] = v
	}
	return out
}

type failure struct {
	n, code, retryAfter int
	description         string
}

// FailNext makes the next n calls of method fail with code and description
// (for example 500 "Internal Server Error", or 429 with retryAfter seconds).
// It applies after the token check, before any validation.
func (s *Server) FailNext(method string, n int, code int, description string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[strings.ToLower(method)] = &failure{n: n, code: code, description: description, retryAfter: retryAfter}
}

// Subscribe returns a channel that receives a value (coalesced) whenever any
// chat or queue changes, and a function to stop the subscription.
func (s *Server) Subscribe() (<-chan struct{}, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextSub
	s.nextSub++
	ch := make(chan struct{}, 1)
	s.subs[id] = ch
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, id)
	}
}

// WaitUntil re-evaluates cond whenever the emulator's state changes, until it
// is true or ctx ends. cond may call the Server's methods.
func (s *Server) WaitUntil(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		// ch was taken before cond runs, so a change in between still wakes us.
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return errors.New("telegramtest: server closed")
		}
	}
}

// changedLocked wakes everyone waiting for state changes. Callers hold s.mu.
func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
	for _, ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	select {
	case s.webhookKick <- struct{}{}:
	default:
	}
}

// apiError is a Bot API error answer.
type apiError struct {
	code        int
	description string
	retryAfter  int
}

func badRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, description: "Bad Request: " + desc}
}

func forbidden(desc string) *apiError {
	return &apiError{code: http.StatusForbidden, description: "Forbidden: " + desc}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	s.mu.Lock()
	s.stats.Errors[e.code]++
	if e.code == http.StatusTooManyRequests {
		s.stats.TooManyRequests++
	}
	s.mu.Unlock()
	resp := apiResponse{OK: false, ErrorCode: e.code, Description: e.description}
	if e.code == http.StatusTooManyRequests && e.retryAfter > 0 {
		resp.Parameters = &apiParameters{RetryAfter: e.retryAfter}
	}
	writeJSON(w, e.code, resp)
}

// serveHTTP routes /bot<token>/<method>, Telegram's URL scheme.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || token == "" {
		s.writeError(w, &apiError{code: http.StatusNotFound, description: "Not Found"})
		return
	}
	if token != s.cfg.token {
		s.writeError(w, &apiError{code: http.StatusUnauthorized, description: "Unauthorized"})
		return
	}
	// Telegram matches method names case-insensitively.
	def, ok := methods[strings.ToLower(method)]
	if !ok {
		s.writeError(w, &apiError{code: http.StatusNotFound, description: "Not Found"})
		return
	}
	s.mu.Lock()
	s.stats.Requests[def.name]++
	var injected *apiError
	if f := s.failures[strings.ToLower(def.name)]; f != nil && f.n > 0 {
		f.n--
		injected = &apiError{code: f.code, description: f.description, retryAfter: f.retryAfter}
	}
	s.mu.Unlock()
	if injected != nil {
		s.writeError(w, injected)
		return
	}
	p, perr := parseParams(w, r)
	if perr != nil {
		s.writeError(w, perr)
		return
	}
	result, desc, aerr := def.fn(s, r, p)
	s.noteReads(def, p)
	if aerr != nil {
		s.writeError(w, aerr)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		OK          bool   `json:"ok"`
		Result      any    `json:"result"`
		Description string `json:"description,omitempty"`
	}{true, result, desc})
}

// noteReads records parameters a handler read without declaring them, so the
// conformance test can check that declared == read ⊆ spec.
func (s *Server) noteReads(def *methodDef, p *params) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name := range p.read {
		if !def.declared(name) {
			s.undeclared[def.name+"."+name] = true
		}
	}
}
