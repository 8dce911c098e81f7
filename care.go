package tandem

import "time"

// What a person keeps with Tandem besides check-ins: their warning signs, goals, crisis plan,
// appointment agenda and lessons. These are domain types, stored by package store and shown by
// package bot; neither owns them.

// Sign is one of a person's own early warning signs.
type Sign struct {
	ID      int64
	Text    string
	AddedBy string
}

// Goal is a person's goal, or (with a ParentID) a small step towards one.
type Goal struct {
	ID       int64
	ParentID int64
	Text     string
	DoneAt   time.Time
}

// PlanItem is one line of a person's crisis and coping plan.
type PlanItem struct {
	Section string // helps, people, services
	Text    string
}

// AgendaItem is something a person wants to talk about at their next appointment.
type AgendaItem struct {
	ID      int64
	Text    string
	AddedAt time.Time
}

// LessonProgress is where a person is in one lesson.
type LessonProgress struct {
	LessonID    string
	Position    int // the next message to send
	StartedAt   time.Time
	CompletedAt time.Time
	Reflection  string
	Shared      bool
}
