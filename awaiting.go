package tandem

import "strings"

// Awaiting is what the bot asked someone to type next, so that their next message is read as
// that: a kind and, for some kinds, what it is about. It is stored as text ("plan:helps",
// "reply:12"); ParseAwaiting and String are the one place that form is read and written.
type Awaiting struct {
	Kind AwaitKind
	Arg  string
}

// AwaitKind is the kind of text the bot is waiting for.
type AwaitKind string

// What the bot can be waiting for. The zero Awaiting waits for nothing.
const (
	AwaitNothing AwaitKind = ""
	AwaitPlan    AwaitKind = "plan"    // a line of the crisis plan; Arg is the section
	AwaitAgenda  AwaitKind = "agenda"  // something to talk about at the next appointment
	AwaitSign    AwaitKind = "sign"    // one of the person's own warning signs
	AwaitValue   AwaitKind = "value"   // something that matters to the person
	AwaitGoal    AwaitKind = "goal"    // a goal
	AwaitStep    AwaitKind = "step"    // a step towards a goal; Arg is the goal's id
	AwaitReply   AwaitKind = "reply"   // a message to relay about a flag; Arg is the flag's id
	AwaitResolve AwaitKind = "resolve" // a worker's note on resolving a flag; Arg is the flag's id
	// AwaitMessageTo: a worker pressed Message; their next text goes to a person. Arg is the
	// person's id.
	AwaitMessageTo AwaitKind = "message"
	// AwaitMessageReply: a worker wrote to the person; their next text is a reply to it. Arg
	// is the message's id.
	AwaitMessageReply AwaitKind = "msgreply"
)

// Await is the Awaiting for kind, about arg (if any).
func Await(kind AwaitKind, arg string) Awaiting { return Awaiting{Kind: kind, Arg: arg} }

// ParseAwaiting reads the stored form.
func ParseAwaiting(s string) Awaiting {
	kind, arg, _ := strings.Cut(s, ":")
	return Awaiting{Kind: AwaitKind(kind), Arg: arg}
}

// String is the stored form: the kind, then ":" and the argument for kinds that have one.
func (a Awaiting) String() string {
	switch a.Kind {
	case AwaitPlan, AwaitStep, AwaitReply, AwaitResolve, AwaitMessageTo, AwaitMessageReply:
		return string(a.Kind) + ":" + a.Arg
	}
	return string(a.Kind)
}

// IsZero reports whether the bot is waiting for nothing.
func (a Awaiting) IsZero() bool { return a.Kind == AwaitNothing }
