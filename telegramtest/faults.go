package telegramtest

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Faults makes the emulator misbehave the way Telegram and the network sometimes do, for fault
// drills: replies that come late, and connections that drop after Telegram has acted on a
// request (so the bot cannot know whether its message went out). Each request to one of
// Methods is delayed with probability SlowFraction and, independently, dropped with
// probability DropFraction. The zero Faults injects nothing.
type Faults struct {
	// Methods the faults apply to, in Bot API spelling; empty means every sending method
	// (sendMessage, sendPhoto, sendDocument, editMessageText, editMessageReplyMarkup,
	// answerCallbackQuery).
	Methods []string
	// SlowFraction of requests are answered after a delay drawn evenly from [SlowMin, SlowMax],
	// having been acted on at once.
	SlowFraction     float64
	SlowMin, SlowMax time.Duration
	// DropFraction of requests are acted on and then their connection is closed with no reply.
	DropFraction float64
	// Seed makes the choices repeatable.
	Seed uint64
}

var sendingMethods = []string{"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"}

// faultState is the Faults in force and the random source that draws from them.
type faultState struct {
	mu      sync.Mutex
	f       Faults
	methods map[string]bool
	rnd     *rand.Rand
	dropped int
	slowed  int
}

// SetFaults replaces the faults in force (the zero Faults turns them off).
func (s *Server) SetFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.f = f
	s.faults.rnd = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))
	s.faults.methods = map[string]bool{}
	ms := f.Methods
	if len(ms) == 0 {
		ms = sendingMethods
	}
	for _, m := range ms {
		s.faults.methods[strings.ToLower(m)] = true
	}
}

// FaultCounts reports how many requests were slowed and dropped so far.
func (s *Server) FaultCounts() (slowed, dropped int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.slowed, s.faults.dropped
}

// StartChat opens a private chat with u as if u had pressed Start long before this run: the
// bot may write to them, and no update is queued. It is for seeding drills with many people.
func (s *Server) StartChat(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.privateChatLocked(u).started = true
	s.changedLocked()
}

// withFaults wraps the API handler with the faults in force.
func (s *Server) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := strings.ToLower(r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:])
		fs := &s.faults
		fs.mu.Lock()
		var delay time.Duration
		drop := false
		if fs.methods[method] {
			f := fs.f
			if f.SlowFraction > 0 && fs.rnd.Float64() < f.SlowFraction {
				delay = f.SlowMin
				if f.SlowMax > f.SlowMin {
					delay += time.Duration(fs.rnd.Int64N(int64(f.SlowMax - f.SlowMin)))
				}
				fs.slowed++
			}
			if f.DropFraction > 0 && fs.rnd.Float64() < f.DropFraction {
				drop = true
				fs.dropped++
			}
		}
		fs.mu.Unlock()
		if delay == 0 && !drop {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r) // Telegram acts on the request at once
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			case <-s.done:
			}
		}
		if drop {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler) // closes the connection without a response
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}
