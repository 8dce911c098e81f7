package tandem

// CrisisContact is someone a person can turn to in a crisis: a crisis team, a helpline, the
// emergency services. The service configures them; the bot shows them with every crisis reply.
type CrisisContact struct {
	Name    string // who: "Samaritans"
	Contact string // how to reach them: "116 123"
	When    string // when they answer: "any time, day or night"; may be empty
}
