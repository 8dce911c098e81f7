// Package config reads Tandem's settings. Every setting is defined once (see options.go) with
// its YAML key, environment variable, command-line flag, default, check and documentation;
// docs/configuration.md is generated from those definitions.
//
// Each setting is taken from the first of these that gives it, highest first:
// a command-line flag, a TANDEM_* environment variable, the YAML config file, the default.
// An invalid setting stops Tandem with one line naming the setting, where its value came from
// and what is wrong, and never quoting a secret.
package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // so time zones load on machines (and containers) without a zoneinfo database

	"go.yaml.in/yaml/v3"

	"github.com/tandemcare/tandem"
)

// Config is everything a Tandem deployment can set. Make one with Load or Defaults.
type Config struct {
	// TelegramToken is the bot's token from @BotFather; secret. Empty is allowed (the sandbox
	// needs none): `tandem run` checks it with RequireToken.
	TelegramToken string
	// TelegramAPIURL is the Bot API's address, without a trailing slash.
	TelegramAPIURL string
	// WebhookURL is the public https address for Telegram's webhook; empty means long polling.
	WebhookURL string
	// WebhookListen is the host:port the webhook server listens on.
	WebhookListen string
	// WebhookSecret is the secret token Telegram sends with every webhook request; secret.
	WebhookSecret string
	// DatabasePath is the SQLite file.
	DatabasePath string
	// StaffChannelID is the staff digest's channel or group (negative), or 0 for none.
	StaffChannelID int64
	// CrisisContacts are who people should contact in a crisis; Load requires at least one.
	CrisisContacts []tandem.CrisisContact
	// TimeZone is the service's time zone; never nil in a loaded Config.
	TimeZone *time.Location
	// WorkingHours are when workers usually read messages, in TimeZone.
	WorkingHours tandem.WorkingHours
	// Messaging is what happens to what a person writes in their own words (ask, on, off).
	Messaging tandem.MessagingMode
	// ServiceName is how the bot names the service to people.
	ServiceName string
	// ContentDir is the service's own content pack; empty means the built-in one.
	ContentDir string
	// Language is the service's language: the staff channel's, and workers' unless they chose.
	// Whether the content pack has it is checked when the pack is loaded.
	Language string
	// DigestSchedule is the staff digest's cron spec; empty turns it off.
	DigestSchedule string
	// RetainAfterStop is how long a withdrawn person's data is kept; zero keeps it.
	RetainAfterStop time.Duration
	// AdminListen is the host:port serving /healthz and /metrics.
	AdminListen string
	// InviteTTL is how long an invite link stays usable.
	InviteTTL time.Duration
	// SendRate is the most messages a second Tandem sends in all.
	SendRate float64
	// PaidBroadcastRate, when above zero, sends scheduled prompts with Telegram's paid
	// broadcast (allow_paid_broadcast) at up to this many a second, outside SendRate.
	PaidBroadcastRate float64
	// LogFormat is "json" or "text".
	LogFormat string
	// LogLevel is the least important level logged.
	LogLevel slog.Level
}

// source says where an option's value came from, for error messages.
type source struct {
	text string     // the value as text (scalar options)
	node *yaml.Node // the value as YAML, when it came from the file
	from string     // "default", "tandem.yaml line 3", "TANDEM_SEND_RATE" or "--send-rate"
}

// Defaults returns the configuration with every option at its default. It has no crisis
// contacts: a deployment must name its own, and the sandbox fills in demonstration ones.
func Defaults() Config {
	var c Config
	for _, o := range options {
		if err := o.set(&c, o.def); err != nil {
			panic(fmt.Sprintf("config: default for %s is invalid: %v", o.key, err)) // a bug in options.go
		}
	}
	return c
}

// Load builds the configuration for serving the bot: defaults, then the YAML file at path (if
// path is not ""), then environment variables (read with lookupEnv, so tests can supply their
// own; os.LookupEnv otherwise), then flags parsed from args. A missing file, an unknown key or
// flag, or an invalid value is an error naming the option and where the value came from, and so
// is a configuration that could not run the bot safely: no crisis contacts, or a webhook
// without its secret. The token is checked separately by RequireToken.
func Load(path string, lookupEnv func(string) (string, bool), args []string) (Config, error) {
	c, err := load(path, lookupEnv, args)
	if err != nil {
		return Config{}, err
	}
	if err := c.checkServe(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// LoadForAdmin is Load for administration commands, which use only the database: every value
// given is still checked, but missing crisis contacts or webhook secret do not stop an
// administrator adding a worker before the rest is set up.
func LoadForAdmin(path string, lookupEnv func(string) (string, bool), args []string) (Config, error) {
	return load(path, lookupEnv, args)
}

func load(path string, lookupEnv func(string) (string, bool), args []string) (Config, error) {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	values := make(map[string]source, len(options))
	for _, o := range options {
		values[o.key] = source{text: o.def, from: "default"}
	}
	if path != "" {
		if err := readFile(path, values); err != nil {
			return Config{}, err
		}
	}
	for _, o := range options {
		// An empty variable counts as unset, as in most container setups, where
		// TANDEM_X=${X} passes an empty string when X is not defined.
		if v, ok := lookupEnv(o.env); ok && strings.TrimSpace(v) != "" {
			values[o.key] = source{text: v, from: o.env}
		}
	}
	if err := parseFlags(args, values); err != nil {
		return Config{}, err
	}

	var c Config
	for _, o := range options {
		s := values[o.key]
		var err error
		if s.node != nil && o.setYAML != nil {
			err = o.setYAML(&c, s.node)
		} else {
			err = o.set(&c, strings.TrimSpace(s.text))
		}
		if err != nil {
			return Config{}, fmt.Errorf("config: %s (%s): %w", o.key, s.from, err)
		}
	}
	return c, nil
}

// checkServe checks what the bot needs to run safely, beyond each value being valid.
func (c Config) checkServe() error {
	if len(c.CrisisContacts) == 0 {
		return fmt.Errorf("config: crisis_contacts (TANDEM_CRISIS_CONTACTS): at least one is required: people must always be told who to contact in a crisis")
	}
	if c.WebhookURL != "" && c.WebhookSecret == "" {
		return fmt.Errorf("config: telegram.webhook_secret (TANDEM_WEBHOOK_SECRET): required when telegram.webhook_url is set, so that Tandem can refuse requests that are not from Telegram")
	}
	return nil
}

// RequireToken reports a missing bot token, which `tandem run` needs and the sandbox does not.
func (c Config) RequireToken() error {
	if c.TelegramToken == "" {
		return errors.New("config: telegram.token (TANDEM_TELEGRAM_TOKEN): required to run the bot: set it to the token @BotFather gave you")
	}
	return nil
}

// readFile reads the YAML file at path into values.
func readFile(path string, values map[string]source) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: read config file: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("config: %s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file (or only comments) sets nothing
	}
	root := resolveAlias(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("config: %s line %d: want settings as key: value lines", path, root.Line)
	}
	return readMapping(path, "", root, values)
}

// readMapping reads one level of the file; prefix is the dotted key of the level ("telegram.").
func readMapping(path, prefix string, m *yaml.Node, values map[string]source) error {
	seen := map[string]int{} // key to line, since a key given twice silently loses one value
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], resolveAlias(m.Content[i+1])
		key := prefix + k.Value
		where := fmt.Sprintf("%s line %d", path, k.Line)
		if first, dup := seen[k.Value]; dup {
			return fmt.Errorf("config: %s: %s is set twice (first on line %d)", where, key, first)
		}
		seen[k.Value] = k.Line
		o, ok := lookup(key)
		switch {
		case ok && o.setYAML != nil:
			if v.ShortTag() != "!!null" {
				values[key] = source{node: v, from: where}
			}
		case ok:
			if v.Kind != yaml.ScalarNode {
				return fmt.Errorf("config: %s (%s): must be a single value, not a list or a group of settings", key, where)
			}
			// A key with nothing after it ("webhook_url:") leaves the setting as it was.
			if v.ShortTag() != "!!null" {
				values[key] = source{text: v.Value, from: where}
			}
		case v.Kind == yaml.MappingNode && isGroup(key):
			if err := readMapping(path, key+".", v, values); err != nil {
				return err
			}
		default:
			msg := fmt.Sprintf("config: %s: unknown setting %q", where, key)
			if s := suggest(key); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return errors.New(msg)
		}
	}
	return nil
}

// lookup finds an option by its YAML key.
func lookup(key string) (option, bool) {
	for _, o := range options {
		if o.key == key {
			return o, true
		}
	}
	return option{}, false
}

// isGroup reports whether key is a group of settings, like "telegram".
func isGroup(key string) bool {
	for _, o := range options {
		if strings.HasPrefix(o.key, key+".") {
			return true
		}
	}
	return false
}

// suggest returns the option key closest to a mistyped one, or "" when none is close.
func suggest(key string) string {
	best, bestDist := "", 4 // more than three edits away is a different word, not a typo
	for _, o := range options {
		for _, candidate := range []string{o.key, o.key[strings.LastIndex(o.key, ".")+1:]} {
			if d := editDistance(key, candidate); d < bestDist {
				best, bestDist = o.key, d
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// parseFlags reads args into values. Every flag takes a value.
func parseFlags(args []string, values map[string]source) error {
	fs := flag.NewFlagSet("tandem", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned as one line, not printed with a usage dump
	for _, o := range options {
		fs.Func(o.flag, o.doc, func(v string) error {
			values[o.key] = source{text: v, from: "--" + o.flag}
			return nil
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return fmt.Errorf("config: the settings are listed in docs/configuration.md: %w", err)
		}
		return fmt.Errorf("config: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("config: unexpected argument %q (settings are given as --name value)", fs.Arg(0))
	}
	return nil
}

// ConfigPathFromArgs finds the config file: the value of --config (or -config, --config=FILE)
// in args, else the TANDEM_CONFIG environment variable, else "" for none. It returns args
// without --config, ready for Load.
func ConfigPathFromArgs(args []string, lookupEnv func(string) (string, bool)) (path string, rest []string, err error) {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	path, _ = lookupEnv("TANDEM_CONFIG")
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", nil, errors.New("config: --config needs a file name")
			}
			i++
			value = args[i]
		}
		path = value
	}
	return path, rest, nil
}

// redacted stands in for a secret's value wherever the configuration is shown.
const redacted = "[redacted]"

// show returns an option's value for people to see, with secrets redacted.
func (o option) show(c *Config) string {
	v := o.get(c)
	if o.secret && v != "" {
		return redacted
	}
	return v
}

// LogValue lets slog log the configuration with every secret redacted ("[redacted]" when set,
// "" when not), so a token never reaches a log file.
func (c Config) LogValue() slog.Value {
	attrs := make([]slog.Attr, len(options))
	for i, o := range options {
		attrs[i] = slog.String(o.key, o.show(&c))
	}
	return slog.GroupValue(attrs...)
}

// String writes the configuration on one line, key=value, with secrets redacted.
func (c Config) String() string {
	var b strings.Builder
	for i, o := range options {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%q", o.key, o.show(&c))
	}
	return b.String()
}

// GoString is String, so that even %#v never prints a secret.
func (c Config) GoString() string { return "config.Config{" + c.String() + "}" }

// Reference returns the Markdown table of every setting, generated from the definitions in
// options.go: docs/configuration.md contains it.
func Reference() string {
	var b bytes.Buffer
	b.WriteString("| YAML key | Environment variable | Flag | Default | Meaning |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	cell := strings.NewReplacer("|", `\|`, "\n", " ").Replace
	for _, o := range options {
		def := "(none)"
		if o.def != "" {
			def = "`" + o.def + "`"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | `--%s` | %s | %s |\n", o.key, o.env, o.flag, cell(def), cell(o.doc))
	}
	return b.String()
}
