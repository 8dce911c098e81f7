package tandem

// CrisisContact is someone a person can turn to in a crisis: a crisis team, a helpline, the
// emergency services. The service configures them; the bot shows them with every crisis reply.
type CrisisContact struct {
	Name    string // who: "Samaritans"
	Contact string // how to reach them: "116 123"
	When    string // when they answer: "any time, day or night"; may be empty
	// In holds the name and hours in other languages, by language code ("es"): a Spanish
	// reader is told "Servicios de emergencia", "a cualquier hora". The contact is the same.
	In map[string]CrisisWords
}

// CrisisWords are a crisis contact's name and hours in one language.
type CrisisWords struct {
	Name string
	When string // empty: the default language's hours
}

// For returns the contact as a reader of lang should see it: its name and hours in lang where
// the service gave them, otherwise as configured.
func (c CrisisContact) For(lang string) CrisisContact {
	if w, ok := c.In[lang]; ok {
		c.Name = w.Name
		if w.When != "" {
			c.When = w.When
		}
	}
	return c
}
