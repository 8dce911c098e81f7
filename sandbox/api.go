package sandbox

import (
	"net/http"
	"time"
)

// The clock, tour, reset and save part of the page's API.

type (
	tourJSON struct {
		Title  string `json:"title"`
		Text   string `json:"text"`
		Button string `json:"button"`
		Show   string `json:"show"`
		Person int64  `json:"person,omitempty"`
	}
	sandboxJSON struct {
		Now     string     `json:"now"`     // e.g. "Mon 7 Dec 2026, 08:50"
		Zone    string     `json:"zone"`    // e.g. "Europe/London (GMT)"
		NowISO  string     `json:"nowIso"`  // for the page's "jump to" field
		Step    int        `json:"step"`    // next tour step
		Tour    []tourJSON `json:"tour"`    //
		CanSave bool       `json:"canSave"` //
		Note    string     `json:"note,omitempty"`
	}
)

func (s *server) sandboxState() *sandboxJSON {
	now := s.sb.Now().In(s.sb.Location())
	abbr, _ := now.Zone()
	sj := &sandboxJSON{
		Now:    now.Format("Mon 2 Jan 2006, 15:04"),
		Zone:   s.sb.Location().String() + " (" + abbr + ")",
		NowISO: now.Format("2006-01-02T15:04"),
		Step:   s.sb.TourStep(), CanSave: s.sb.CanSave(), Note: s.sb.Note(),
	}
	for _, t := range theTour() {
		tj := tourJSON{Title: t.Title, Text: t.Text, Button: t.Button, Show: t.Show}
		if t.Person >= 0 {
			tj.Person = s.sb.opts.People[t.Person].ID
		}
		sj.Tour = append(sj.Tour, tj)
	}
	return sj
}

// messageTime is a message's time on the sandbox's clock face: the day too when it is not today.
func messageTime(t time.Time, loc *time.Location, now time.Time) string {
	t = t.In(loc)
	if now.IsZero() {
		return t.Format("15:04")
	}
	if n := now.In(loc); n.YearDay() == t.YearDay() && n.Year() == t.Year() {
		return t.Format("15:04")
	}
	return t.Format("Mon 2 Jan 15:04")
}

// jump moves the sandbox clock: {"by": "checkin" | "hour" | "day" | "digest"} or
// {"to": "2026-12-07T16:30"} in the sandbox's time zone.
func (s *server) jump(w http.ResponseWriter, r *http.Request) {
	var req struct {
		By string `json:"by"`
		To string `json:"to"`
	}
	if !decode(w, r, &req) {
		return
	}
	now := s.sb.Now()
	var target time.Time
	switch req.By {
	case "checkin":
		t, err := s.sb.NextCheckin(r.Context())
		if err != nil {
			writeErr(w, http.StatusInternalServerError, err.Error())
			return
		}
		if t.IsZero() {
			writeErr(w, http.StatusConflict, "Nothing is scheduled yet: enrol someone with check-in times first.")
			return
		}
		target = t
	case "hour":
		target = now.Add(time.Hour)
	case "day":
		target = now.AddDate(0, 0, 1) // a calendar day, 23 or 25 hours across a clock change
		if loc := s.sb.Location(); loc != nil {
			l := now.In(loc)
			target = time.Date(l.Year(), l.Month(), l.Day()+1, l.Hour(), l.Minute(), l.Second(), 0, loc)
		}
	case "digest":
		target = s.sb.NextDigest()
		if target.IsZero() {
			writeErr(w, http.StatusConflict, "There is no digest: digest_schedule is empty.")
			return
		}
		target = target.Add(time.Second)
	case "":
		t, err := time.ParseInLocation("2006-01-02T15:04", req.To, s.sb.Location())
		if err != nil {
			writeErr(w, http.StatusBadRequest, "Give the time as YYYY-MM-DDTHH:MM.")
			return
		}
		if !t.After(now) {
			writeErr(w, http.StatusConflict, "Time in the sandbox only moves forward; use Reset to start again.")
			return
		}
		target = t
	default:
		writeErr(w, http.StatusBadRequest, "unknown jump "+req.By)
		return
	}
	if target.Sub(now) > 14*24*time.Hour {
		writeErr(w, http.StatusBadRequest, "Jump at most 14 days at a time.")
		return
	}
	if err := s.sb.Jump(r.Context(), target); err != nil {
		writeErr(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"now": s.sandboxState().Now})
}

func (s *server) tourStep(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Step int `json:"step"`
	}
	if !decode(w, r, &req) {
		return
	}
	next, err := s.sb.Tour(r.Context(), req.Step)
	if err != nil {
		writeErr(w, http.StatusConflict, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"step": next})
}

func (s *server) reset(w http.ResponseWriter, r *http.Request) {
	if err := s.sb.Reset(r.Context()); err != nil {
		writeErr(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
}

func (s *server) save(w http.ResponseWriter, r *http.Request) {
	path, err := s.sb.Save(r.Context())
	if err != nil {
		writeErr(w, http.StatusConflict, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"saved": path})
}
