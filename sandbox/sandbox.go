// Package sandbox serves a small web page for trying Tandem by hand: the real
// bot runs against the telegramtest emulator, and the page lets one chat as
// the worker and as people, press the bot's buttons, open invite links as a
// chosen person, and read the staff channel. A Sandbox adds a clock the page
// moves (driving the bot through the small Bot interface), a guided tour,
// Reset and Save.
//
// The page is one embedded HTML file with vanilla JavaScript and no external
// assets. It talks to a small JSON API under /api/ and learns about new
// messages by long-polling /api/state, which is backed by the emulator's
// Subscribe.
package sandbox

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tandemcare/tandem/telegramtest"
)

// Persona is someone the page can chat as. Role is "worker" or "person" and
// is only a label (and decides who gets "Open as" buttons for invites).
type Persona struct {
	User telegramtest.User
	Role string
}

// DefaultPersonas is a demo worker and two demo people.
func DefaultPersonas() []Persona {
	return []Persona{
		{User: telegramtest.User{ID: 5001, FirstName: "Sam", LastName: "Worker", Username: "sam_worker", LanguageCode: "en"}, Role: "worker"},
		{User: telegramtest.User{ID: 6001, FirstName: "Alex", LanguageCode: "en"}, Role: "person"},
		{User: telegramtest.User{ID: 6002, FirstName: "Jordan", LanguageCode: "en"}, Role: "person"},
	}
}

//go:embed index.html
var indexHTML []byte

//go:embed app.js
var appJS []byte

// longPollWait bounds one /api/state long poll; browsers and proxies are
// happier with answers well under a minute.
var longPollWait = 25 * time.Second

type server struct {
	emu *telegramtest.Server // when there is no Sandbox: a page over an emulator alone
	sb  *Sandbox

	mu       sync.Mutex
	personas []Persona
}

// Handler serves the sandbox page and its JSON API for emu, with personas as
// the people one can chat as. More people can be added from the page.
func Handler(emu *telegramtest.Server, personas []Persona) http.Handler {
	return (&server{emu: emu, personas: append([]Persona(nil), personas...)}).routes()
}

// Handler serves the sandbox page with its clock, tour, reset and save, with personas as the
// people one can chat as.
func (sb *Sandbox) Handler(personas []Persona) http.Handler {
	return (&server{sb: sb, personas: append([]Persona(nil), personas...)}).routes()
}

func (s *server) emulator() *telegramtest.Server {
	if s.sb != nil {
		return s.sb.Emulator()
	}
	return s.emu
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /app.js", s.script)
	mux.HandleFunc("GET /api/state", s.state)
	mux.HandleFunc("POST /api/send", s.send)
	mux.HandleFunc("POST /api/press", s.press)
	mux.HandleFunc("POST /api/personas", s.addPersona)
	mux.HandleFunc("POST /api/block", s.block)
	mux.HandleFunc("GET /api/file", s.file)
	if s.sb != nil {
		mux.HandleFunc("POST /api/clock", s.jump)
		mux.HandleFunc("POST /api/tour", s.tourStep)
		mux.HandleFunc("POST /api/reset", s.reset)
		mux.HandleFunc("POST /api/save", s.save)
	}
	return mux
}

func (s *server) index(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// Scripts only from app.js: even if escaping failed somewhere, an
	// injected inline script would not run.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; style-src 'unsafe-inline'; script-src 'self'")
	_, _ = w.Write(indexHTML)
}

func (s *server) script(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	_, _ = w.Write(appJS)
}

// Wire types of the JSON API.
type (
	personaJSON struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Role string `json:"role"`
	}
	buttonJSON struct {
		Text string `json:"text"`
		Data string `json:"data,omitempty"`
		URL  string `json:"url,omitempty"`
	}
	documentJSON struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	}
	messageJSON struct {
		ID         int            `json:"id"`
		FromBot    bool           `json:"fromBot"`
		HTML       string         `json:"html"`
		Photo      string         `json:"photo,omitempty"`
		Document   *documentJSON  `json:"document,omitempty"`
		Buttons    [][]buttonJSON `json:"buttons,omitempty"`
		StartCodes []string       `json:"startCodes,omitempty"`
		Time       string         `json:"time"`
		Edited     bool           `json:"edited,omitempty"`
	}
	chatJSON struct {
		ID       int64         `json:"id"`
		Kind     string        `json:"kind"` // "private" or "channel"
		Title    string        `json:"title"`
		Role     string        `json:"role,omitempty"`
		ReadOnly bool          `json:"readOnly"`
		Blocked  bool          `json:"blocked"`
		Messages []messageJSON `json:"messages"`
	}
	stateJSON struct {
		Version     string        `json:"version"`
		Sandbox     *sandboxJSON  `json:"sandbox,omitempty"`
		BotUsername string        `json:"botUsername"`
		Personas    []personaJSON `json:"personas"`
		Chats       []chatJSON    `json:"chats"`
	}
)

func displayName(u telegramtest.User) string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// snapshot renders the whole sandbox state; Version is a hash of it, so a
// client can ask "anything newer than what I have?".
func (s *server) snapshot() stateJSON {
	s.mu.Lock()
	personas := append([]Persona(nil), s.personas...)
	s.mu.Unlock()
	emu := s.emulator()
	st := stateJSON{BotUsername: emu.BotUsername(), Personas: []personaJSON{}, Chats: []chatJSON{}}
	loc, now := time.UTC, time.Time{}
	if s.sb != nil {
		st.Sandbox = s.sandboxState()
		loc, now = s.sb.Location(), s.sb.Now()
	}
	known := map[int64]telegramtest.Chat{}
	for _, c := range emu.Chats() {
		known[c.ID] = c
	}
	listed := map[int64]bool{}
	for _, p := range personas {
		st.Personas = append(st.Personas, personaJSON{ID: p.User.ID, Name: displayName(p.User), Role: p.Role})
		st.Chats = append(st.Chats, s.chat(emu, loc, now, p.User.ID, "private", displayName(p.User), p.Role, false, known[p.User.ID].Blocked))
		listed[p.User.ID] = true
	}
	for _, c := range emu.Chats() {
		if listed[c.ID] {
			continue
		}
		if c.Type == "channel" {
			st.Chats = append(st.Chats, s.chat(emu, loc, now, c.ID, "channel", c.Title, "", true, false))
		} else {
			// Someone the page does not play (e.g. created by a script): watch only.
			st.Chats = append(st.Chats, s.chat(emu, loc, now, c.ID, "private", displayName(c.User), "", true, c.Blocked))
		}
	}
	body, _ := json.Marshal(st)
	h := fnv.New64a()
	_, _ = h.Write(body)
	st.Version = strconv.FormatUint(h.Sum64(), 36)
	return st
}

func (s *server) chat(emu *telegramtest.Server, loc *time.Location, now time.Time, id int64, kind, title, role string, readOnly, blocked bool) chatJSON {
	c := chatJSON{ID: id, Kind: kind, Title: title, Role: role, ReadOnly: readOnly, Blocked: blocked, Messages: []messageJSON{}}
	for _, m := range emu.Messages(id) {
		mj := messageJSON{ID: m.ID, FromBot: m.FromBot, HTML: renderHTML(m.Text, m.Entities),
			Time: messageTime(m.Date, loc, now), Edited: m.Edits > 0}
		if m.Photo != nil {
			mj.Photo = fmt.Sprintf("/api/file?chat=%d&msg=%d&kind=photo", id, m.ID)
		} else if m.PhotoURL != "" && safeLink(m.PhotoURL) {
			mj.Photo = m.PhotoURL
		}
		if m.Document != nil {
			mj.Document = &documentJSON{Name: m.DocumentName, URL: fmt.Sprintf("/api/file?chat=%d&msg=%d&kind=document", id, m.ID)}
		}
		for _, row := range m.Buttons {
			var r []buttonJSON
			for _, b := range row {
				bj := buttonJSON{Text: b.Text, Data: b.CallbackData}
				if safeLink(b.URL) {
					bj.URL = b.URL
				}
				r = append(r, bj)
			}
			mj.Buttons = append(mj.Buttons, r)
		}
		if m.FromBot {
			mj.StartCodes = startCodes(emu.BotUsername(), m)
		}
		c.Messages = append(c.Messages, mj)
	}
	return c
}

// state answers the current state at once, or, with ?since=<version> equal
// to the current version, waits until something changes.
func (s *server) state(w http.ResponseWriter, r *http.Request) {
	changes, cancel := s.emulator().Subscribe() // before the snapshot, so no change slips between
	defer cancel()
	var jumped <-chan struct{}
	wait := longPollWait
	if s.sb != nil {
		jumped = s.sb.Changed()
		// Wake when the minute shown on the page turns.
		now := s.sb.Now()
		wait = min(wait, now.Truncate(time.Minute).Add(time.Minute).Sub(now)+50*time.Millisecond)
	}
	st := s.snapshot()
	if since := r.URL.Query().Get("since"); since != "" && since == st.Version {
		timer := time.NewTimer(wait)
		defer timer.Stop()
	wait:
		for {
			select {
			case <-changes:
				if st = s.snapshot(); st.Version != since {
					break wait
				}
			case <-jumped:
				st = s.snapshot()
				break wait
			case <-timer.C:
				st = s.snapshot()
				break wait
			case <-r.Context().Done():
				return
			}
		}
	}
	writeJSON(w, http.StatusOK, st)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		writeErr(w, http.StatusBadRequest, "bad JSON: "+err.Error())
		return false
	}
	return true
}

func (s *server) persona(id int64) (Persona, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.personas {
		if p.User.ID == id {
			return p, true
		}
	}
	return Persona{}, false
}

func (s *server) send(w http.ResponseWriter, r *http.Request) {
	var req struct {
		UserID int64  `json:"userId"`
		Text   string `json:"text"`
	}
	if !decode(w, r, &req) {
		return
	}
	p, ok := s.persona(req.UserID)
	if !ok {
		writeErr(w, http.StatusNotFound, "no such persona")
		return
	}
	m, err := s.emulator().SendMessage(p.User, req.Text)
	if err != nil {
		code := http.StatusBadRequest
		if errors.Is(err, telegramtest.ErrBlocked) {
			code = http.StatusConflict
		}
		writeErr(w, code, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"messageId": m.ID})
}

// press presses a button and waits briefly for the bot's answer, so the page
// can show the toast Telegram would.
func (s *server) press(w http.ResponseWriter, r *http.Request) {
	var req struct {
		UserID    int64  `json:"userId"`
		ChatID    int64  `json:"chatId"`
		MessageID int    `json:"messageId"`
		Data      string `json:"data"`
	}
	if !decode(w, r, &req) {
		return
	}
	p, ok := s.persona(req.UserID)
	if !ok {
		writeErr(w, http.StatusNotFound, "no such persona")
		return
	}
	qid, err := s.emulator().PressButton(p.User, req.ChatID, req.MessageID, req.Data)
	if err != nil {
		writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	_ = s.emulator().WaitUntil(ctx, func() bool { _, ok := s.emulator().CallbackAnswer(qid); return ok })
	text, answered := s.emulator().CallbackAnswer(qid)
	writeJSON(w, http.StatusOK, map[string]any{"queryId": qid, "answered": answered, "answer": text})
}

// addPersona adds a new person with the next free user id.
func (s *server) addPersona(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name string `json:"name"`
		Role string `json:"role"`
	}
	if !decode(w, r, &req) {
		return
	}
	name := strings.TrimSpace(req.Name)
	if name == "" || len([]rune(name)) > 64 {
		writeErr(w, http.StatusBadRequest, "a name of 1-64 characters is needed")
		return
	}
	role := req.Role
	if role != "worker" {
		role = "person"
	}
	s.mu.Lock()
	id := int64(7001)
	for _, p := range s.personas {
		id = max(id, p.User.ID+1)
	}
	first, last, _ := strings.Cut(name, " ")
	p := Persona{User: telegramtest.User{ID: id, FirstName: first, LastName: last, LanguageCode: "en"}, Role: role}
	s.personas = append(s.personas, p)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, personaJSON{ID: id, Name: displayName(p.User), Role: role})
}

// block lets a person block or unblock the bot, to see how Tandem copes.
func (s *server) block(w http.ResponseWriter, r *http.Request) {
	var req struct {
		UserID  int64 `json:"userId"`
		Blocked bool  `json:"blocked"`
	}
	if !decode(w, r, &req) {
		return
	}
	if _, ok := s.persona(req.UserID); !ok {
		writeErr(w, http.StatusNotFound, "no such persona")
		return
	}
	if req.Blocked {
		s.emulator().BlockBot(req.UserID)
	} else {
		s.emulator().UnblockBot(req.UserID)
	}
	writeJSON(w, http.StatusOK, map[string]bool{"blocked": req.Blocked})
}

// file serves a photo or document the bot uploaded.
func (s *server) file(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	chatID, err1 := strconv.ParseInt(q.Get("chat"), 10, 64)
	msgID, err2 := strconv.Atoi(q.Get("msg"))
	if err1 != nil || err2 != nil {
		http.Error(w, "bad chat or msg", http.StatusBadRequest)
		return
	}
	for _, m := range s.emulator().Messages(chatID) {
		if m.ID != msgID {
			continue
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		switch {
		case q.Get("kind") == "photo" && m.Photo != nil:
			ct := http.DetectContentType(m.Photo)
			if !strings.HasPrefix(ct, "image/") {
				ct = "application/octet-stream"
			}
			w.Header().Set("Content-Type", ct)
			_, _ = w.Write(m.Photo)
			return
		case q.Get("kind") == "document" && m.Document != nil:
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", strings.ReplaceAll(m.DocumentName, `"`, "")))
			_, _ = w.Write(m.Document)
			return
		}
	}
	http.NotFound(w, r)
}
