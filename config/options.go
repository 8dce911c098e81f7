package config

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tandemcare/tandem"
)

// option is the single definition of one setting: where it is read from, its default, how it
// is checked and what it means. Load, Defaults, String, LogValue and Reference all work from
// the list below, so adding a setting means adding one entry.
type option struct {
	key  string // YAML key; a dot means nesting, so "telegram.token" is token under telegram
	env  string // environment variable
	flag string // command-line flag, without dashes
	def  string // default, written as in a file; "" means none
	doc  string // one line for Reference: what it is for and what it accepts
	// secret options are never shown: String and LogValue write "[redacted]", and set must not
	// quote the value in an error.
	secret bool
	// set checks text and stores it in c. Its error says what is wrong and, unless the option
	// is secret, quotes what it was given.
	set func(c *Config, text string) error
	// setYAML, when not nil, takes the option's YAML node, for options that are lists.
	setYAML func(c *Config, n *yaml.Node) error
	// get writes the option's current value as text.
	get func(c *Config) string
}

var (
	tokenRE  = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`)
	secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// maxInviteTTL is the longest an invite may stay open: an old link lying in someone's messages
// is a way in for whoever finds it.
const maxInviteTTL = 90 * 24 * time.Hour

// options lists every setting. Order matters twice: Reference lists them in this order, and
// Load applies them in it, so timezone comes before working_hours, which is read in that zone.
var options = []option{
	{
		key: "telegram.token", env: "TANDEM_TELEGRAM_TOKEN", flag: "telegram-token", secret: true,
		doc: "The bot's token from @BotFather. Required by `tandem run`; prefer the environment or the file to the flag, which other users of the machine can see.",
		set: func(c *Config, v string) error {
			if v != "" && !tokenRE.MatchString(v) {
				if strings.HasPrefix(strings.ToLower(v), "bot") {
					return errors.New(`does not look like a bot token: leave out the "bot" that goes before it in API URLs`)
				}
				return errors.New("does not look like a bot token (digits, a colon, then letters, digits, _ or -, as @BotFather gives it)")
			}
			c.TelegramToken = v
			return nil
		},
		get: func(c *Config) string { return c.TelegramToken },
	},
	{
		key: "telegram.api_url", env: "TANDEM_TELEGRAM_API_URL", flag: "telegram-api-url", def: "https://api.telegram.org",
		doc: "Where the Telegram Bot API is: change it only for a self-hosted Bot API server.",
		set: func(c *Config, v string) error {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
				return fmt.Errorf("must be an http:// or https:// address like https://api.telegram.org, got %q", v)
			}
			// Callers append "/bot<token>/method"; a trailing slash would double it.
			c.TelegramAPIURL = strings.TrimRight(v, "/")
			return nil
		},
		get: func(c *Config) string { return c.TelegramAPIURL },
	},
	{
		key: "telegram.webhook_url", env: "TANDEM_WEBHOOK_URL", flag: "webhook-url",
		doc: "The public https:// address Telegram should send updates to (Telegram accepts ports 443, 80, 88 and 8443). Empty means long polling, which needs no public address.",
		set: func(c *Config, v string) error {
			if v != "" {
				u, err := url.Parse(v)
				if err != nil || u.Scheme != "https" || u.Host == "" || u.Fragment != "" {
					return fmt.Errorf("must be an https:// address (Telegram sends webhooks only over HTTPS), or empty for long polling, got %q", v)
				}
			}
			c.WebhookURL = v
			return nil
		},
		get: func(c *Config) string { return c.WebhookURL },
	},
	{
		key: "telegram.webhook_listen", env: "TANDEM_WEBHOOK_LISTEN", flag: "webhook-listen", def: ":8443",
		doc: "The address the webhook server listens on when webhook_url is set, as host:port (host may be empty for every interface).",
		set: func(c *Config, v string) error {
			if err := checkListen(v); err != nil {
				return err
			}
			c.WebhookListen = v
			return nil
		},
		get: func(c *Config) string { return c.WebhookListen },
	},
	{
		key: "telegram.webhook_secret", env: "TANDEM_WEBHOOK_SECRET", flag: "webhook-secret", secret: true,
		doc: "A random string Telegram sends with every webhook request, so Tandem can refuse anyone else's: 1-256 letters, digits, _ or -. Required when webhook_url is set.",
		set: func(c *Config, v string) error {
			if v != "" && !secretRE.MatchString(v) {
				return fmt.Errorf("must be 1 to 256 characters, each a letter, digit, _ or - (Telegram's rule), got %d characters", len(v))
			}
			c.WebhookSecret = v
			return nil
		},
		get: func(c *Config) string { return c.WebhookSecret },
	},
	{
		key: "database.path", env: "TANDEM_DATABASE", flag: "database", def: "tandem.db",
		doc: "The SQLite database file. Back it up: it holds everything Tandem knows.",
		set: func(c *Config, v string) error {
			if v == "" {
				return errors.New("must be a file name, like /var/lib/tandem/tandem.db")
			}
			c.DatabasePath = v
			return nil
		},
		get: func(c *Config) string { return c.DatabasePath },
	},
	{
		key: "staff_channel_id", env: "TANDEM_STAFF_CHANNEL_ID", flag: "staff-channel-id", def: "0",
		doc: "The Telegram channel or group for the staff digest (pseudonyms and counts only); its id is negative, like -1001234567890. 0 means no staff channel.",
		set: func(c *Config, v string) error {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id > 0 {
				return fmt.Errorf("must be a channel or group id, which is negative (like -1001234567890), or 0 for none, got %q", v)
			}
			c.StaffChannelID = id
			return nil
		},
		get: func(c *Config) string { return strconv.FormatInt(c.StaffChannelID, 10) },
	},
	{
		key: "crisis_contacts", env: "TANDEM_CRISIS_CONTACTS", flag: "crisis-contacts",
		doc: "Who people should contact in a crisis: shown at consent, by /crisis and /help, and in every answer to someone who cannot join. At least one is required. In the file, a list of name, contact and when, each with, if you like, its name and hours in another pack language (`es: {name: Emergencias, when: a cualquier hora}`), which readers of that language see; a language the pack lacks stops start-up. In the environment or a flag, `Name|contact|when; Name|contact|when`.",
		set: func(c *Config, v string) error {
			contacts, err := ParseCrisisContacts(v)
			if err != nil {
				return err
			}
			c.CrisisContacts = contacts
			return nil
		},
		setYAML: func(c *Config, n *yaml.Node) error {
			if n.Kind == yaml.ScalarNode {
				contacts, err := ParseCrisisContacts(n.Value)
				c.CrisisContacts = contacts
				return err
			}
			contacts, err := crisisContactsFromYAML(n)
			c.CrisisContacts = contacts
			return err
		},
		get: func(c *Config) string { return FormatCrisisContacts(c.CrisisContacts) },
	},
	{
		key: "timezone", env: "TANDEM_TIMEZONE", flag: "timezone", def: "UTC",
		doc: "The service's time zone, as an IANA name like Europe/London: working hours, dates in messages and the staff digest use it.",
		set: func(c *Config, v string) error {
			// "Local" would make the hours depend on whichever machine Tandem runs on.
			if v == "" || v == "Local" {
				return fmt.Errorf("must be a time zone name like Europe/London or UTC, got %q", v)
			}
			loc, err := time.LoadLocation(v)
			if err != nil {
				return fmt.Errorf("unknown time zone %q (use an IANA name like Europe/London)", v)
			}
			c.TimeZone = loc
			return nil
		},
		get: func(c *Config) string {
			if c.TimeZone == nil {
				return ""
			}
			return c.TimeZone.String()
		},
	},
	{
		key: "working_hours", env: "TANDEM_WORKING_HOURS", flag: "working-hours", def: "Mon-Fri 09:00-17:00",
		doc: "When workers usually read messages, in timezone, like `Mon-Fri 09:00-17:00` or `Mon,Wed,Fri 10:00-16:00`. People are told these hours when they join, so that nobody thinks someone is watching around the clock.",
		set: func(c *Config, v string) error {
			h, err := tandem.ParseWorkingHours(v, c.TimeZone)
			if err != nil {
				return err
			}
			c.WorkingHours = h
			return nil
		},
		get: func(c *Config) string { return c.WorkingHours.String() },
	},
	{
		key: "messaging", env: "TANDEM_MESSAGING", flag: "messaging", def: "ask",
		doc: "What happens to a message a person writes in their own words: `ask` offers to send it to their worker with one tap; `on` sends it without asking; `off` passes nothing on and tells them kindly how to reach the team instead. Worrying words reach the worker in every mode.",
		set: func(c *Config, v string) error {
			m, err := tandem.ParseMessagingMode(v)
			if err != nil {
				return err
			}
			c.Messaging = m
			return nil
		},
		get: func(c *Config) string { return string(c.Messaging) },
	},
	{
		key: "service_name", env: "TANDEM_SERVICE_NAME", flag: "service-name", def: "your mental health team",
		doc: "How the bot names the service to people, as in \"a message from your mental health team\".",
		set: func(c *Config, v string) error {
			if v == "" || len([]rune(v)) > 100 {
				return fmt.Errorf("must be 1 to 100 characters, got %q", v)
			}
			c.ServiceName = v
			return nil
		},
		get: func(c *Config) string { return c.ServiceName },
	},
	{
		key: "content_dir", env: "TANDEM_CONTENT_DIR", flag: "content-dir",
		doc: "A folder with the service's own content pack (lessons, check-in questions, wording, flag rules). Empty uses the pack built into Tandem. Check a pack with `tandem content check DIR`; Tandem refuses to start on an invalid one.",
		set: func(c *Config, v string) error {
			if v != "" {
				if st, err := os.Stat(v); err != nil || !st.IsDir() {
					return fmt.Errorf("must be a folder that exists, got %q", v)
				}
			}
			c.ContentDir = v
			return nil
		},
		get: func(c *Config) string { return c.ContentDir },
	},
	{
		key: "language", env: "TANDEM_LANGUAGE", flag: "language", def: "en",
		doc: "The service's language, a language of the content pack like `en` or `es`: the staff channel is written in it, and so is every worker who has not chosen their own (`tandem worker language`, or /language in their chat). People get their Telegram app's language, or the one they choose.",
		set: func(c *Config, v string) error {
			if !isLanguageCode(v) {
				return fmt.Errorf("must be a language code like en or es, got %q", v)
			}
			c.Language = v
			return nil
		},
		get: func(c *Config) string { return c.Language },
	},
	{
		key: "admin_listen", env: "TANDEM_ADMIN_LISTEN", flag: "admin-listen", def: "127.0.0.1:9090",
		doc: "The address, host:port, for /healthz and /metrics. Keep it private: the default answers only this machine.",
		set: func(c *Config, v string) error {
			if err := checkListen(v); err != nil {
				return err
			}
			c.AdminListen = v
			return nil
		},
		get: func(c *Config) string { return c.AdminListen },
	},
	{
		key: "invite_ttl", env: "TANDEM_INVITE_TTL", flag: "invite-ttl", def: "336h",
		doc: "How long an invite link stays usable, from 1h to 90 days: a Go duration like `336h`, or whole days like `14d`.",
		set: func(c *Config, v string) error {
			d, err := parseDuration(v)
			if err != nil || d < time.Hour || d > maxInviteTTL {
				return fmt.Errorf("must be from 1h to 90 days (2160h), like 336h or 14d, got %q", v)
			}
			c.InviteTTL = d
			return nil
		},
		get: func(c *Config) string { return c.InviteTTL.String() },
	},
	{
		key: "digest_schedule", env: "TANDEM_DIGEST_SCHEDULE", flag: "digest-schedule", def: "30 16 * * 1-5",
		doc: "When the staff channel gets its digest (counts and pseudonyms only): a 5-field cron spec in the service's time zone, default each weekday at 16:30. Empty turns it off.",
		set: func(c *Config, v string) error {
			if v != "" && len(strings.Fields(v)) != 5 {
				return fmt.Errorf("must be a 5-field cron spec like \"30 16 * * 1-5\", or empty, got %q", v)
			}
			c.DigestSchedule = v
			return nil
		},
		get: func(c *Config) string { return c.DigestSchedule },
	},
	{
		key: "retain_after_stop", env: "TANDEM_RETAIN_AFTER_STOP", flag: "retain-after-stop", def: "0",
		doc: "How long to keep a person's data after they stop using Tandem, then delete it (checked hourly): a duration like `8760h` or whole days like `365d`. `0` keeps it until an administrator deletes it with `tandem person delete`.",
		set: func(c *Config, v string) error {
			d, err := parseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("must be 0 or a duration like 8760h or 365d, got %q", v)
			}
			c.RetainAfterStop = d
			return nil
		},
		get: func(c *Config) string { return c.RetainAfterStop.String() },
	},
	{
		key: "send_rate", env: "TANDEM_SEND_RATE", flag: "send-rate", def: "25",
		doc: "The pace of ordinary messages, a second, at most 30 (Telegram's limit for a bot). Sends go at exact slots and never more than 30 arrive in any second, whatever the network does. Crisis replies and flags are not held to this pace, only to the 30: below 30, the difference is kept for them; at 30 they take the next free place first, and for 10 seconds after one is queued other messages leave them 3 of the 30.",
		set: func(c *Config, v string) error {
			r, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(r) || r <= 0 || r > 30 {
				return fmt.Errorf("must be more than 0 and at most 30, got %q", v)
			}
			c.SendRate = r
			return nil
		},
		get: func(c *Config) string { return strconv.FormatFloat(c.SendRate, 'g', -1, 64) },
	},
	{
		key: "paid_broadcast_rate", env: "TANDEM_PAID_BROADCAST_RATE", flag: "paid-broadcast-rate", def: "0",
		doc: "`0` (the default) keeps every message within Telegram's free 30 a second. Above 0, scheduled check-in prompts to people go as Telegram paid broadcasts (`allow_paid_broadcast`) at up to this many a second (at most 1000), outside `send_rate`, and Telegram takes 0.1 Star for each from the bot's balance: 100,000 prompts cost 10,000 Stars. Only prompts: replies, crisis messages and flags always use the free limit. Watch `tandem_outbox_paid_broadcast_stars`.",
		set: func(c *Config, v string) error {
			r, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(r) || r < 0 || r > 1000 {
				return fmt.Errorf("must be 0 (off) or a rate up to 1000, got %q", v)
			}
			c.PaidBroadcastRate = r
			return nil
		},
		get: func(c *Config) string { return strconv.FormatFloat(c.PaidBroadcastRate, 'g', -1, 64) },
	},
	{
		key: "log.format", env: "TANDEM_LOG_FORMAT", flag: "log-format", def: "json",
		doc: "`json` for log collectors, or `text` for people reading a terminal.",
		set: func(c *Config, v string) error {
			v = strings.ToLower(v)
			if v != "json" && v != "text" {
				return fmt.Errorf("must be json or text, got %q", v)
			}
			c.LogFormat = v
			return nil
		},
		get: func(c *Config) string { return c.LogFormat },
	},
	{
		key: "log.level", env: "TANDEM_LOG_LEVEL", flag: "log-level", def: "info",
		doc: "The least important log lines to write: `debug`, `info`, `warn` or `error`.",
		set: func(c *Config, v string) error {
			levels := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "warning": slog.LevelWarn, "error": slog.LevelError}
			l, ok := levels[strings.ToLower(v)]
			if !ok {
				return fmt.Errorf("must be debug, info, warn or error, got %q", v)
			}
			c.LogLevel = l
			return nil
		},
		get: func(c *Config) string { return strings.ToLower(c.LogLevel.String()) },
	},
}

// checkListen checks a host:port address to listen on.
func checkListen(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return fmt.Errorf("must be host:port, like 127.0.0.1:9090 or :8443, got %q", v)
	}
	return nil
}

// parseDuration reads a Go duration, or a whole number of days ("14d"), which is how people
// think of invite lifetimes.
func parseDuration(v string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 10000 {
			return 0, fmt.Errorf("bad number of days %q", v)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// ParseCrisisContacts reads crisis contacts written on one line, as in TANDEM_CRISIS_CONTACTS:
// "Name|contact|when; Name|contact|when". When may be left out ("Name|contact"); empty entries
// (a trailing ";") are ignored. Every contact needs a name and a way to reach it.
func ParseCrisisContacts(s string) ([]tandem.CrisisContact, error) {
	var contacts []tandem.CrisisContact
	for i, entry := range strings.Split(s, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		parts := strings.Split(entry, "|")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("contact %d %q: want name|contact|when, like \"Samaritans|116 123|any time, day or night\"", i+1, entry)
		}
		c := tandem.CrisisContact{Name: strings.TrimSpace(parts[0]), Contact: strings.TrimSpace(parts[1])}
		if len(parts) == 3 {
			c.When = strings.TrimSpace(parts[2])
		}
		if err := checkContact(c); err != nil {
			return nil, fmt.Errorf("contact %d %q: %w", i+1, entry, err)
		}
		contacts = append(contacts, c)
	}
	return contacts, nil
}

// FormatCrisisContacts writes contacts in the form ParseCrisisContacts reads.
func FormatCrisisContacts(contacts []tandem.CrisisContact) string {
	parts := make([]string, len(contacts))
	for i, c := range contacts {
		parts[i] = c.Name + "|" + c.Contact
		if c.When != "" {
			parts[i] += "|" + c.When
		}
	}
	return strings.Join(parts, "; ")
}

// checkContact says what a contact lacks.
func checkContact(c tandem.CrisisContact) error {
	switch {
	case c.Name == "":
		return errors.New("needs a name, so people know who they are contacting")
	case c.Contact == "":
		return errors.New("needs a contact: a phone number, text number or address")
	}
	return nil
}

// crisisContactsFromYAML reads the crisis_contacts list from the file.
func crisisContactsFromYAML(n *yaml.Node) ([]tandem.CrisisContact, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: must be a list of contacts, each with name, contact and when", n.Line)
	}
	var contacts []tandem.CrisisContact
	for i, item := range n.Content {
		item = resolveAlias(item)
		if item.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("contact %d (line %d): must have name, contact and when", i+1, item.Line)
		}
		var c tandem.CrisisContact
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := item.Content[j], resolveAlias(item.Content[j+1])
			if isLanguageCode(k.Value) {
				// The name and hours in another language: "es: {name: ..., when: ...}".
				w, err := crisisWordsFromYAML(i+1, k, v)
				if err != nil {
					return nil, err
				}
				if c.In == nil {
					c.In = map[string]tandem.CrisisWords{}
				}
				c.In[k.Value] = w
				continue
			}
			if v.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("contact %d (line %d): %s must be text", i+1, v.Line, k.Value)
			}
			text := strings.TrimSpace(v.Value)
			if v.ShortTag() == "!!null" {
				text = ""
			}
			switch k.Value {
			case "name":
				c.Name = text
			case "contact":
				c.Contact = text
			case "when":
				c.When = text
			default:
				return nil, fmt.Errorf("contact %d (line %d): unknown field %q (use name, contact and when, and a language code like es for its name and hours in that language)", i+1, k.Line, k.Value)
			}
		}
		if err := checkContact(c); err != nil {
			return nil, fmt.Errorf("contact %d (line %d): %w", i+1, item.Line, err)
		}
		contacts = append(contacts, c)
	}
	return contacts, nil
}

// crisisWordsFromYAML reads a contact's name and hours in one language: "es: {name: ..., when: ...}".
func crisisWordsFromYAML(contact int, lang, n *yaml.Node) (tandem.CrisisWords, error) {
	var w tandem.CrisisWords
	if n.Kind != yaml.MappingNode {
		return w, fmt.Errorf("contact %d (line %d): %s must have a name and, if you like, when", contact, n.Line, lang.Value)
	}
	for j := 0; j+1 < len(n.Content); j += 2 {
		k, v := n.Content[j], resolveAlias(n.Content[j+1])
		if v.Kind != yaml.ScalarNode {
			return w, fmt.Errorf("contact %d (line %d): %s.%s must be text", contact, v.Line, lang.Value, k.Value)
		}
		switch k.Value {
		case "name":
			w.Name = strings.TrimSpace(v.Value)
		case "when":
			w.When = strings.TrimSpace(v.Value)
		default:
			return w, fmt.Errorf("contact %d (line %d): unknown field %s.%s (use name and when)", contact, k.Line, lang.Value, k.Value)
		}
	}
	if w.Name == "" {
		return w, fmt.Errorf("contact %d (line %d): %s needs a name, so people reading %s know who they are contacting", contact, n.Line, lang.Value, lang.Value)
	}
	return w, nil
}

// resolveAlias follows a YAML alias (*name) to the node it stands for.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isLanguageCode reports whether v looks like a content pack language: two or three lowercase
// letters ("en", "es"), as pack.yaml lists them.
func isLanguageCode(v string) bool {
	if len(v) < 2 || len(v) > 3 {
		return false
	}
	for _, r := range v {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
