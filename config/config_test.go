package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
)

// testToken looks like a real token, so a leak would be easy to spot in output.
const (
	testToken  = "987654321:AAH-secret-token_ThatMustNeverBeLogged"
	testSecret = "webhook-secret-That_Must-Never-Be-Logged"
	// minimal is the least a file needs for Load to succeed.
	minimal = "crisis_contacts:\n  - {name: Samaritans, contact: \"116 123\", when: any time}\n"
)

// env returns a lookup function over m, standing in for the process environment.
func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// writeFile writes a config file into a fresh temporary folder and returns its path.
func writeFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tandem.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustLoad loads a configuration from a file body, environment and flags, failing on error.
func mustLoad(t *testing.T, file string, vars map[string]string, args ...string) Config {
	t.Helper()
	c, err := Load(writeFile(t, file), env(vars), args)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func TestDefaults(t *testing.T) {
	c := Defaults()
	want := Config{
		TelegramAPIURL: "https://api.telegram.org",
		WebhookListen:  ":8443",
		DatabasePath:   "tandem.db",
		TimeZone:       time.UTC,
		ServiceName:    "your mental health team",
		Messaging:      "ask",
		Language:       "en",
		AdminListen:    "127.0.0.1:9090",
		InviteTTL:      14 * 24 * time.Hour,
		DigestSchedule: "30 16 * * 1-5",
		SendRate:       25,
		LogFormat:      "json",
		LogLevel:       slog.LevelInfo,
	}
	want.WorkingHours = c.WorkingHours // checked on its own below
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Defaults() =\n%s\nwant\n%s", c, want)
	}
	if got := c.WorkingHours.String(); got != "Mon-Fri 09:00-17:00" || c.WorkingHours.Location != time.UTC {
		t.Errorf("default working hours %q in %v", got, c.WorkingHours.Location)
	}
	if len(c.CrisisContacts) != 0 || c.TelegramToken != "" {
		t.Error("defaults must not invent crisis contacts or a token")
	}
	// Loading nothing but crisis contacts gives the defaults too.
	loaded, err := Load("", env(map[string]string{"TANDEM_CRISIS_CONTACTS": "Samaritans|116 123"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	loaded.CrisisContacts = nil
	if loaded.String() != c.String() {
		t.Errorf("Load with nothing set = %s\nwant %s", loaded, c)
	}
}

// samples holds, for every option, a valid value that is not its default, as it would be
// written, and as the option then shows it. A new option without a sample fails the test.
var samples = map[string]struct{ in, want string }{
	"telegram.token":          {testToken, testToken},
	"telegram.api_url":        {"http://botapi.internal:8081/", "http://botapi.internal:8081"},
	"telegram.webhook_url":    {"https://tandem.example.org/telegram", "https://tandem.example.org/telegram"},
	"telegram.webhook_listen": {"127.0.0.1:8088", "127.0.0.1:8088"},
	"telegram.webhook_secret": {testSecret, testSecret},
	"database.path":           {"/var/lib/tandem/t.db", "/var/lib/tandem/t.db"},
	"staff_channel_id":        {"-1001234567890", "-1001234567890"},
	"crisis_contacts":         {"Crisis team|01234 567890|24 hours; Samaritans|116 123", "Crisis team|01234 567890|24 hours; Samaritans|116 123"},
	"timezone":                {"Europe/London", "Europe/London"},
	"working_hours":           {"Mon,Wed,Fri 10:00-16:00", "Mon,Wed,Fri 10:00-16:00"},
	"messaging":               {"off", "off"},
	"service_name":            {"the Riverside team", "the Riverside team"},
	"admin_listen":            {"0.0.0.0:9100", "0.0.0.0:9100"},
	"invite_ttl":              {"7d", "168h0m0s"},
	"send_rate":               {"12.5", "12.5"},
	"paid_broadcast_rate":     {"200", "200"},
	"content_dir":             {"/", "/"},
	"language":                {"es", "es"},
	"retain_after_stop":       {"365d", "8760h0m0s"},
	"digest_schedule":         {"0 9 * * 1", "0 9 * * 1"},
	"log.format":              {"text", "text"},
	"log.level":               {"warn", "warn"},
}

// yamlFor writes one option as a file, nesting dotted keys.
func yamlFor(key, value string) string {
	if key == "crisis_contacts" {
		// The file's own form is a list; the one-line form is tested separately.
		var b strings.Builder
		b.WriteString("crisis_contacts:\n")
		contacts, _ := ParseCrisisContacts(value)
		for _, c := range contacts {
			fmt.Fprintf(&b, "  - name: %q\n    contact: %q\n", c.Name, c.Contact)
			if c.When != "" {
				fmt.Fprintf(&b, "    when: %q\n", c.When)
			}
		}
		return b.String()
	}
	group, leaf, nested := strings.Cut(key, ".")
	if nested {
		return fmt.Sprintf("%s:\n  %s: %q\n", group, leaf, value)
	}
	return fmt.Sprintf("%s: %q\n", key, value)
}

func TestEverySourceSetsEveryOption(t *testing.T) {
	for _, o := range options {
		s, ok := samples[o.key]
		if !ok {
			t.Errorf("no sample value for %s: add one to samples", o.key)
			continue
		}
		// A webhook needs its secret, and Load always needs crisis contacts; neither may
		// stand in for the option under test, since the environment would win over the file.
		base := map[string]string{"TANDEM_WEBHOOK_SECRET": testSecret, "TANDEM_CRISIS_CONTACTS": "Samaritans|116 123"}
		delete(base, o.env)
		sources := []struct {
			name string
			load func() (Config, error)
		}{
			{"file", func() (Config, error) {
				return Load(writeFile(t, yamlFor(o.key, s.in)), env(base), nil)
			}},
			{"env", func() (Config, error) {
				vars := map[string]string{o.env: s.in}
				for k, v := range base {
					if _, set := vars[k]; !set {
						vars[k] = v
					}
				}
				return Load("", env(vars), nil)
			}},
			{"flag", func() (Config, error) { return Load("", env(base), []string{"--" + o.flag, s.in}) }},
			{"flag=", func() (Config, error) { return Load("", env(base), []string{"-" + o.flag + "=" + s.in}) }},
		}
		for _, src := range sources {
			t.Run(o.key+"/"+src.name, func(t *testing.T) {
				c, err := src.load()
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if got := o.get(&c); got != s.want {
					t.Errorf("%s = %q, want %q", o.key, got, s.want)
				}
			})
		}
	}
}

func TestPrecedence(t *testing.T) {
	file := minimal + "send_rate: 10\nlog:\n  level: debug\n"
	tests := []struct {
		name     string
		file     bool
		env      string
		flag     string
		wantRate float64
	}{
		{"default", false, "", "", 25},
		{"file over default", true, "", "", 10},
		{"environment over file", true, "20", "", 20},
		{"flag over environment", true, "20", "5", 5},
		{"flag over file", true, "", "5", 5},
		{"empty environment variable counts as unset", true, " ", "", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.file {
				path = writeFile(t, file)
			}
			vars := map[string]string{"TANDEM_CRISIS_CONTACTS": "Samaritans|116 123"}
			if tt.env != "" {
				vars["TANDEM_SEND_RATE"] = tt.env
			}
			var args []string
			if tt.flag != "" {
				args = []string{"--send-rate", tt.flag}
			}
			c, err := Load(path, env(vars), args)
			if err != nil {
				t.Fatal(err)
			}
			if c.SendRate != tt.wantRate {
				t.Errorf("send rate %v, want %v", c.SendRate, tt.wantRate)
			}
			// Settings a higher source does not mention keep the lower source's value.
			if tt.file && c.LogLevel != slog.LevelDebug {
				t.Errorf("log level %v: the file's debug was lost", c.LogLevel)
			}
		})
	}
}

func TestWorkingHoursUseTheConfiguredTimeZone(t *testing.T) {
	// The zone comes from the environment and the hours from the file: the hours must still
	// be read in the zone, whichever source set each.
	c := mustLoad(t, minimal+"working_hours: Mon-Sun 08:00-20:00\n", map[string]string{"TANDEM_TIMEZONE": "Europe/London"})
	if c.WorkingHours.Location.String() != "Europe/London" {
		t.Fatalf("working hours in %v, want Europe/London", c.WorkingHours.Location)
	}
	// 07:30 UTC in June is 08:30 in London: inside the hours.
	if !c.WorkingHours.Contains(time.Date(2024, 6, 12, 7, 30, 0, 0, time.UTC)) {
		t.Error("08:30 London time should be inside Mon-Sun 08:00-20:00")
	}
	// The default hours follow the zone too.
	c = mustLoad(t, minimal+"timezone: America/New_York\n", nil)
	if c.WorkingHours.Location.String() != "America/New_York" {
		t.Errorf("default working hours in %v, want America/New_York", c.WorkingHours.Location)
	}
}

func TestInvalidValues(t *testing.T) {
	tests := []struct {
		key, value string
		want       string // the problem, after "config: key (source): "
	}{
		{"telegram.token", "not a token", "does not look like a bot token"},
		{"telegram.token", "bot123:abc", `leave out the "bot"`},
		{"telegram.api_url", "api.telegram.org", `must be an http:// or https:// address like https://api.telegram.org, got "api.telegram.org"`},
		{"telegram.api_url", "ftp://api.telegram.org", "must be an http:// or https:// address"},
		{"telegram.webhook_url", "http://tandem.example.org/hook", `must be an https:// address (Telegram sends webhooks only over HTTPS), or empty for long polling, got "http://tandem.example.org/hook"`},
		{"telegram.webhook_listen", "8443", `must be host:port, like 127.0.0.1:9090 or :8443, got "8443"`},
		{"telegram.webhook_listen", ":99999", "must be host:port"},
		{"telegram.webhook_secret", "has spaces in it", "must be 1 to 256 characters, each a letter, digit, _ or - (Telegram's rule), got 16 characters"},
		{"telegram.webhook_secret", strings.Repeat("a", 257), "got 257 characters"},
		{"staff_channel_id", "1234", `must be a channel or group id, which is negative (like -1001234567890), or 0 for none, got "1234"`},
		{"staff_channel_id", "@mychannel", "must be a channel or group id"},
		{"crisis_contacts", "Samaritans", `contact 1 "Samaritans": want name|contact|when`},
		{"crisis_contacts", "Samaritans|116 123; |999", `contact 2 "|999": needs a name`},
		{"crisis_contacts", "Samaritans| |any time", `contact 1 "Samaritans| |any time": needs a contact`},
		{"timezone", "Europe/Londres", `unknown time zone "Europe/Londres" (use an IANA name like Europe/London)`},
		{"timezone", "Local", "must be a time zone name"},
		{"working_hours", "Mon-Fri 22:00-06:00", "end 06:00 must be after start 22:00 (hours that run past midnight are not supported)"},
		{"working_hours", "weekdays 9-5", "is not a"},
		{"messaging", "yes", `must be ask, on or off, got "yes"`},
		{"service_name", strings.Repeat("x", 101), "must be 1 to 100 characters"},
		{"admin_listen", "localhost", `must be host:port, like 127.0.0.1:9090 or :8443, got "localhost"`},
		{"invite_ttl", "30m", `must be from 1h to 90 days (2160h), like 336h or 14d, got "30m"`},
		{"invite_ttl", "91d", "must be from 1h to 90 days"},
		{"invite_ttl", "two weeks", "must be from 1h to 90 days"},
		{"send_rate", "45", `must be more than 0 and at most 30, got "45"`},
		{"send_rate", "0", `must be more than 0 and at most 30, got "0"`},
		{"send_rate", "-1", "must be more than 0 and at most 30"},
		{"send_rate", "NaN", "must be more than 0 and at most 30"},
		{"send_rate", "fast", `must be more than 0 and at most 30, got "fast"`},
		{"paid_broadcast_rate", "1001", `must be 0 (off) or a rate up to 1000, got "1001"`},
		{"paid_broadcast_rate", "-2", "must be 0 (off) or a rate up to 1000"},
		{"log.format", "xml", `must be json or text, got "xml"`},
		{"log.level", "verbose", `must be debug, info, warn or error, got "verbose"`},
	}
	for _, tt := range tests {
		o, ok := lookup(tt.key)
		if !ok {
			t.Fatalf("no option %s", tt.key)
		}
		vars := map[string]string{"TANDEM_CRISIS_CONTACTS": "Samaritans|116 123"}
		sources := []struct {
			from string
			load func(t *testing.T) (Config, error)
		}{
			{o.env, func(t *testing.T) (Config, error) {
				v := map[string]string{o.env: tt.value}
				if o.env != "TANDEM_CRISIS_CONTACTS" {
					v["TANDEM_CRISIS_CONTACTS"] = vars["TANDEM_CRISIS_CONTACTS"]
				}
				return Load("", env(v), nil)
			}},
			{"--" + o.flag, func(t *testing.T) (Config, error) {
				return Load("", env(vars), []string{"--" + o.flag + "=" + tt.value})
			}},
		}
		for _, src := range sources {
			t.Run(tt.key+"/"+src.from+"/"+tt.value, func(t *testing.T) {
				_, err := src.load(t)
				if err == nil {
					t.Fatalf("Load accepted %s = %q", tt.key, tt.value)
				}
				msg := err.Error()
				prefix := fmt.Sprintf("config: %s (%s): ", tt.key, src.from)
				if !strings.HasPrefix(msg, prefix) {
					t.Errorf("error %q should start %q", msg, prefix)
				}
				if !strings.Contains(msg, tt.want) {
					t.Errorf("error %q should say %q", msg, tt.want)
				}
				if strings.Contains(msg, "\n") {
					t.Errorf("error should be one line: %q", msg)
				}
				if o.secret && strings.Contains(msg, tt.value) {
					t.Errorf("error for secret %s quotes its value: %q", tt.key, msg)
				}
			})
		}
	}
}

func TestInvalidValueInFileNamesTheLine(t *testing.T) {
	path := writeFile(t, minimal+"log:\n  format: json\n  level: loud\n")
	_, err := Load(path, env(nil), nil)
	want := fmt.Sprintf(`config: log.level (%s line 5): must be debug, info, warn or error, got "loud"`, path)
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestFileProblems(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"unknown key", minimal + "send_rat: 10\n", `line 3: unknown setting "send_rat" (did you mean "send_rate"?)`},
		{"unknown nested key", minimal + "telegram:\n  tokn: x\n", `line 4: unknown setting "telegram.tokn" (did you mean "telegram.token"?)`},
		{"leaf key at the top", minimal + "token: x\n", `unknown setting "token" (did you mean "telegram.token"?)`},
		{"nothing close", minimal + "favourite_colour: blue\n", `line 3: unknown setting "favourite_colour"`},
		{"unknown group", minimal + "database:\n  path: x\nsmtp:\n  host: y\n", `unknown setting "smtp"`},
		{"list where a value belongs", minimal + "send_rate: [1, 2]\n", "config: send_rate ("},
		{"group where a value belongs", minimal + "timezone:\n  name: UTC\n", "must be a single value"},
		{"unknown crisis contact field", "crisis_contacts:\n  - name: A\n    phone: \"1\"\n", `contact 1 (line 3): unknown field "phone" (use name, contact and when`},
		{"crisis contact without contact", "crisis_contacts:\n  - name: A\n", "contact 1 (line 2): needs a contact"},
		{"crisis contacts not a list", "crisis_contacts:\n  name: A\n", "must be a list of contacts"},
		{"crisis contact translation without a name", "crisis_contacts:\n  - name: A\n    contact: \"1\"\n    es:\n      when: siempre\n", "contact 1 (line 5): es needs a name"},
		{"crisis contact translation not a mapping", "crisis_contacts:\n  - name: A\n    contact: \"1\"\n    es: B\n", "es must have a name"},
		{"crisis contact translation unknown field", "crisis_contacts:\n  - name: A\n    contact: \"1\"\n    es:\n      nombre: B\n", "unknown field es.nombre"},
		{"not a mapping", "- a\n- b\n", "want settings as key: value lines"},
		{"bad YAML", "send_rate: [\n", "yaml:"},
		{"duplicate key", minimal + "send_rate: 1\nsend_rate: 2\n", "line 4: send_rate is set twice (first on line 3)"},
		{"duplicate nested key", minimal + "log:\n  level: info\n  level: debug\n", "line 5: log.level is set twice (first on line 4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeFile(t, tt.file), env(nil), nil)
			if err == nil {
				t.Fatal("Load accepted the file")
			}
			if !strings.HasPrefix(err.Error(), "config: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q should contain %q", err, tt.want)
			}
		})
	}
}

func TestFileEdgeCases(t *testing.T) {
	// Comments only, and keys left empty, set nothing.
	c := mustLoad(t, "# nothing yet\n", map[string]string{"TANDEM_CRISIS_CONTACTS": "Samaritans|116 123"})
	if c.SendRate != 25 {
		t.Errorf("send rate %v from a comment-only file", c.SendRate)
	}
	c = mustLoad(t, minimal+"telegram:\n  webhook_url:\n  api_url: ~\n", nil)
	if c.WebhookURL != "" || c.TelegramAPIURL != "https://api.telegram.org" {
		t.Errorf("empty keys should keep defaults: %s", c)
	}
	// Crisis contacts may be written on one line in the file too.
	c = mustLoad(t, "crisis_contacts: \"Samaritans|116 123|any time\"\n", nil)
	if len(c.CrisisContacts) != 1 || c.CrisisContacts[0].When != "any time" {
		t.Errorf("one-line crisis contacts in the file: %+v", c.CrisisContacts)
	}
	// A contact's name and hours in another language.
	c = mustLoad(t, "crisis_contacts:\n  - name: Emergency services\n    contact: \"112\"\n    when: if you are in danger now\n    es:\n      name: Emergencias\n      when: si estás en peligro ahora\n", nil)
	if es := c.CrisisContacts[0].For("es"); es.Name != "Emergencias" || es.When != "si estás en peligro ahora" || es.Contact != "112" {
		t.Errorf("Spanish crisis contact: %+v", es)
	}
	if en := c.CrisisContacts[0].For("en"); en.Name != "Emergency services" {
		t.Errorf("English crisis contact: %+v", en)
	}
	// YAML anchors work for repeated values.
	c = mustLoad(t, minimal+"service_name: &n the Riverside team\nlog:\n  format: text\n", nil)
	if c.ServiceName != "the Riverside team" {
		t.Errorf("service name %q", c.ServiceName)
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), env(nil), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing config file named explicitly should be an error wrapping ErrNotExist, got %v", err)
	}
}

func TestFlagProblems(t *testing.T) {
	vars := map[string]string{"TANDEM_CRISIS_CONTACTS": "Samaritans|116 123"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--sendrate", "5"}, "config: flag provided but not defined: -sendrate"},
		{"missing value", []string{"--send-rate"}, "config: flag needs an argument: -send-rate"},
		{"stray argument", []string{"--send-rate", "5", "extra"}, `config: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("", env(vars), tt.args)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v, want it to start %q", err, tt.want)
			}
		})
	}
	if _, err := Load("", env(vars), []string{"--help"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("--help should give flag.ErrHelp, got %v", err)
	}
}

func TestServeRequirements(t *testing.T) {
	tests := []struct {
		name     string
		vars     map[string]string
		want     string // "" for no error from Load
		adminErr bool   // whether LoadForAdmin fails too
	}{
		{"no crisis contacts", nil, "config: crisis_contacts (TANDEM_CRISIS_CONTACTS): at least one is required: people must always be told who to contact in a crisis", false},
		{"only separators", map[string]string{"TANDEM_CRISIS_CONTACTS": " ; ; "}, "at least one is required", false},
		{"webhook without secret", map[string]string{"TANDEM_CRISIS_CONTACTS": "S|1", "TANDEM_WEBHOOK_URL": "https://x.example/h"}, "config: telegram.webhook_secret (TANDEM_WEBHOOK_SECRET): required when telegram.webhook_url is set", false},
		{"webhook with secret", map[string]string{"TANDEM_CRISIS_CONTACTS": "S|1", "TANDEM_WEBHOOK_URL": "https://x.example/h", "TANDEM_WEBHOOK_SECRET": "abc"}, "", false},
		{"invalid values stop admin commands too", map[string]string{"TANDEM_SEND_RATE": "45"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("", env(tt.vars), nil)
			switch {
			case tt.want == "" && !tt.adminErr && err != nil:
				t.Errorf("Load: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Load error %v, want %q", err, tt.want)
			}
			_, err = LoadForAdmin("", env(tt.vars), nil)
			if (err != nil) != tt.adminErr {
				t.Errorf("LoadForAdmin error %v, want error: %v", err, tt.adminErr)
			}
		})
	}
}

func TestRequireToken(t *testing.T) {
	c := Defaults()
	if err := c.RequireToken(); err == nil || !strings.Contains(err.Error(), "telegram.token (TANDEM_TELEGRAM_TOKEN)") {
		t.Errorf("missing token: %v", err)
	}
	c.TelegramToken = testToken
	if err := c.RequireToken(); err != nil {
		t.Errorf("token set: %v", err)
	}
}

func TestSecretsNeverShown(t *testing.T) {
	c := mustLoad(t, minimal, map[string]string{"TANDEM_TELEGRAM_TOKEN": testToken, "TANDEM_WEBHOOK_SECRET": testSecret})

	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("starting", "config", c)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("starting", "config", c)
	shown := map[string]string{
		"JSON log": jsonLog.String(),
		"text log": textLog.String(),
		"String":   c.String(),
		"%v":       fmt.Sprintf("%v", c),
		"%+v":      fmt.Sprintf("%+v", c),
		"%#v":      fmt.Sprintf("%#v", c),
	}
	for how, out := range shown {
		for _, secret := range []string{testToken, "AAH-secret-token", testSecret} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows a secret: %s", how, out)
			}
		}
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("%s should say the secrets are set ([redacted]): %s", how, out)
		}
	}
	if !strings.Contains(jsonLog.String(), `"telegram.token":"[redacted]"`) || !strings.Contains(jsonLog.String(), `"send_rate":"25"`) {
		t.Errorf("JSON log should show each setting, secrets redacted: %s", jsonLog.String())
	}

	// Unset secrets show as empty, so a log tells "not set" from "set".
	var unset bytes.Buffer
	slog.New(slog.NewJSONHandler(&unset, nil)).Info("starting", "config", Defaults())
	if !strings.Contains(unset.String(), `"telegram.token":""`) || strings.Contains(unset.String(), "[redacted]") {
		t.Errorf("unset secrets should log as empty: %s", unset.String())
	}
}

func TestParseCrisisContacts(t *testing.T) {
	tests := []struct {
		in      string
		want    []tandem.CrisisContact
		wantErr string
	}{
		{"", nil, ""},
		{"Samaritans|116 123|any time, day or night", []tandem.CrisisContact{{Name: "Samaritans", Contact: "116 123", When: "any time, day or night"}}, ""},
		{
			" Crisis team | 01234 567890 | 24 hours ;Emergency services|999; ",
			[]tandem.CrisisContact{{Name: "Crisis team", Contact: "01234 567890", When: "24 hours"}, {Name: "Emergency services", Contact: "999", When: ""}},
			"",
		},
		{"Shout|text SHOUT to 85258|", []tandem.CrisisContact{{Name: "Shout", Contact: "text SHOUT to 85258", When: ""}}, ""},
		{"Samaritans 116 123", nil, `contact 1 "Samaritans 116 123": want name|contact|when`},
		{"A|1|2|3", nil, "want name|contact|when"},
		{"A|1; B|", nil, `contact 2 "B|": needs a contact`},
		{"|999", nil, "needs a name"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCrisisContacts(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			// Writing them back and reading again gives the same contacts.
			again, err := ParseCrisisContacts(FormatCrisisContacts(got))
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("round trip: %+v, %v", again, err)
			}
		})
	}
}

func TestConfigPathFromArgs(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantPath string
		wantRest []string
		wantErr  bool
	}{
		{"none", []string{"--send-rate", "5"}, nil, "", []string{"--send-rate", "5"}, false},
		{"environment", nil, map[string]string{"TANDEM_CONFIG": "/etc/tandem.yaml"}, "/etc/tandem.yaml", nil, false},
		{"flag over environment", []string{"--config", "a.yaml", "--send-rate=5"}, map[string]string{"TANDEM_CONFIG": "b.yaml"}, "a.yaml", []string{"--send-rate=5"}, false},
		{"equals and one dash", []string{"-send-rate", "5", "-config=c.yaml"}, nil, "c.yaml", []string{"-send-rate", "5"}, false},
		{"no file name", []string{"--config"}, nil, "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, rest, err := ConfigPathFromArgs(tt.args, env(tt.env))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v", err)
			}
			if path != tt.wantPath || !reflect.DeepEqual(rest, tt.wantRest) {
				t.Errorf("got %q %q, want %q %q", path, rest, tt.wantPath, tt.wantRest)
			}
		})
	}
}

func TestExampleFileLoads(t *testing.T) {
	c, err := Load("../tandem.example.yaml", env(map[string]string{"TANDEM_TELEGRAM_TOKEN": testToken}), nil)
	if err != nil {
		t.Fatalf("tandem.example.yaml does not load: %v", err)
	}
	if err := c.RequireToken(); err != nil {
		t.Error(err)
	}
	if c.TimeZone.String() != "Europe/London" || c.WorkingHours.Describe() != "Monday to Friday, 9am to 5pm" {
		t.Errorf("example zone %v, hours %q", c.TimeZone, c.WorkingHours.Describe())
	}
	var names []string
	for _, cc := range c.CrisisContacts {
		names = append(names, cc.Name+" "+cc.Contact)
	}
	all := strings.Join(names, "; ")
	for _, want := range []string{"EXAMPLE", "Samaritans 116 123", "Emergency services 999"} {
		if !strings.Contains(all, want) {
			t.Errorf("example crisis contacts %q should include %q", all, want)
		}
	}
	// Every setting is in the example, so people see them all where they edit.
	body, err := os.ReadFile("../tandem.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range options {
		leaf := o.key[strings.LastIndex(o.key, ".")+1:]
		if !strings.Contains(string(body), leaf+":") {
			t.Errorf("tandem.example.yaml does not mention %s", o.key)
		}
	}
}

var update = flag.Bool("update", false, "rewrite docs/configuration.md from Reference()")

func TestReferenceDoc(t *testing.T) {
	const (
		path  = "../docs/configuration.md"
		begin = "<!-- BEGIN REFERENCE"
		end   = "<!-- END REFERENCE -->"
	)
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(body)
	i := strings.Index(doc, begin)
	j := strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the %q and %q markers", path, begin, end)
	}
	i += strings.Index(doc[i:], "\n") + 1 // after the BEGIN line
	want := doc[:i] + Reference() + doc[j:]
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc != want {
		t.Errorf("%s is out of date with config/options.go: run go test ./config -update", path)
	}

	ref := Reference()
	for _, o := range options {
		row := fmt.Sprintf("| `%s` | `%s` | `--%s` |", o.key, o.env, o.flag)
		if !strings.Contains(ref, row) {
			t.Errorf("Reference lacks a row starting %q", row)
		}
	}
}

func TestOptionDefinitions(t *testing.T) {
	seen := map[string]bool{}
	for _, o := range options {
		for _, name := range []string{o.key, o.env, "--" + o.flag} {
			if seen[name] {
				t.Errorf("%s is used by two options", name)
			}
			seen[name] = true
		}
		if !strings.HasPrefix(o.env, "TANDEM_") || o.doc == "" || o.set == nil || o.get == nil {
			t.Errorf("%s is missing part of its definition", o.key)
		}
	}
}
