package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// The FHIR R4 (4.0.1) rules the export relies on, written from the specification. The bundle
// is checked as JSON, as a records system would receive it, not as Go structs.
var (
	bundleTypes  = []string{"document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection"}
	pubStatuses  = []string{"draft", "active", "retired", "unknown"} // Questionnaire.status
	qrStatuses   = []string{"in-progress", "completed", "amended", "entered-in-error", "stopped"}
	goalStatuses = []string{"proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled", "entered-in-error", "rejected"}
	itemTypes    = []string{"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"}
	operators    = []string{"exists", "=", "!=", ">", "<", ">=", "<="}
	// Which answer value[x] each item type takes (R4 Questionnaire.item.type, QuestionnaireResponse.item.answer).
	valueFor = map[string]string{"boolean": "valueBoolean", "decimal": "valueDecimal", "integer": "valueInteger", "date": "valueDate",
		"dateTime": "valueDateTime", "time": "valueTime", "string": "valueString", "text": "valueString", "url": "valueUri",
		"choice": "valueCoding", "attachment": "valueAttachment", "reference": "valueReference", "quantity": "valueQuantity"}
	idPattern   = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)
	uuidURN     = regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	dateTimeKey = map[string]bool{"timestamp": true, "authored": true}
)

type obj = map[string]any

// validateFHIR returns every rule the bundle breaks.
func validateFHIR(raw []byte) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	var b obj
	if err := json.Unmarshal(raw, &b); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if b["resourceType"] != "Bundle" {
		bad("top level resourceType = %v", b["resourceType"])
	}
	if !slices.Contains(bundleTypes, str(b["type"])) {
		bad("Bundle.type %q is not a valid code", b["type"])
	}
	if id := str(b["id"]); !idPattern.MatchString(id) {
		bad("Bundle.id %q is not a FHIR id", id)
	}

	byURL := map[string]obj{}
	questionnaires := map[string]obj{} // canonical url -> Questionnaire
	entries, _ := b["entry"].([]any)
	for i, e := range entries {
		e, _ := e.(obj)
		u, r := str(e["fullUrl"]), asObj(e["resource"])
		if !uuidURN.MatchString(u) {
			bad("entry %d: fullUrl %q is not a urn:uuid", i, u)
		}
		if byURL[u] != nil {
			bad("entry %d: fullUrl %q is not unique", i, u)
		}
		if r == nil {
			bad("entry %d: no resource", i)
			continue
		}
		byURL[u] = r
		if str(r["resourceType"]) == "" || !idPattern.MatchString(str(r["id"])) {
			bad("entry %d: resourceType %v, id %v", i, r["resourceType"], r["id"])
		}
		if r["resourceType"] == "Questionnaire" {
			if questionnaires[str(r["url"])] != nil {
				bad("two Questionnaires with url %v", r["url"])
			}
			questionnaires[str(r["url"])] = r
		}
	}

	// Every reference, anywhere, resolves to an entry; every dateTime parses.
	walk(b, "", func(path, key string, v any) {
		if key == "reference" {
			if byURL[str(v)] == nil {
				bad("%s: reference %q does not resolve in the bundle", path, v)
			}
		}
		if dateTimeKey[key] {
			if _, err := time.Parse(time.RFC3339, str(v)); err != nil {
				bad("%s: %q is not an RFC 3339 dateTime", path, v)
			}
		}
	})
	refType := func(ref any) string { return str(byURL[str(asObj(ref)["reference"])]["resourceType"]) }

	for u, r := range byURL {
		switch r["resourceType"] {
		case "Patient":
			ids, _ := r["identifier"].([]any)
			if len(ids) == 0 || str(asObj(ids[0])["system"]) == "" || str(asObj(ids[0])["value"]) == "" {
				bad("Patient %s: identifier needs system and value", u)
			}
		case "Questionnaire":
			if !slices.Contains(pubStatuses, str(r["status"])) {
				bad("Questionnaire %s: status %q", u, r["status"])
			}
			if str(r["url"]) == "" {
				bad("Questionnaire %s: no url", u)
			}
			items := map[string]obj{}
			collectItems(r, items, func(msg string) { bad("Questionnaire %s: %s", u, msg) })
			for link, it := range items {
				for _, ew := range list(it["enableWhen"]) {
					ew := asObj(ew)
					if items[str(ew["question"])] == nil || !slices.Contains(operators, str(ew["operator"])) {
						bad("Questionnaire %s item %s: enableWhen %v", u, link, ew)
					}
					if n := countPrefix(ew, "answer"); n != 1 {
						bad("Questionnaire %s item %s: enableWhen has %d answer[x]", u, link, n)
					}
				}
			}
		case "QuestionnaireResponse":
			if !slices.Contains(qrStatuses, str(r["status"])) {
				bad("QuestionnaireResponse %s: status %q", u, r["status"])
			}
			if refType(r["subject"]) != "Patient" || refType(r["source"]) != "Patient" {
				bad("QuestionnaireResponse %s: subject and source should be Patients", u)
			}
			q := questionnaires[str(r["questionnaire"])]
			if q == nil {
				bad("QuestionnaireResponse %s: questionnaire %q is not in the bundle", u, r["questionnaire"])
				continue
			}
			checkAnswers(q, r, func(msg string) { bad("QuestionnaireResponse %s: %s", u, msg) })
		case "Goal":
			if !slices.Contains(goalStatuses, str(r["lifecycleStatus"])) {
				bad("Goal %s: lifecycleStatus %q", u, r["lifecycleStatus"])
			}
			if str(asObj(r["description"])["text"]) == "" {
				bad("Goal %s: no description", u)
			}
			if refType(r["subject"]) != "Patient" {
				bad("Goal %s: subject should be a Patient", u)
			}
		}
	}
	return errs
}

// collectItems indexes a Questionnaire's items by linkId (unique across the whole
// Questionnaire, as R4's que-2 requires) and checks each one's type and options.
func collectItems(parent obj, into map[string]obj, bad func(string)) {
	for _, it := range list(parent["item"]) {
		it := asObj(it)
		link, typ := str(it["linkId"]), str(it["type"])
		if link == "" || into[link] != nil {
			bad(fmt.Sprintf("linkId %q missing or repeated", link))
		}
		into[link] = it
		if !slices.Contains(itemTypes, typ) {
			bad(fmt.Sprintf("item %s: type %q", link, typ))
		}
		if typ == "choice" && len(list(it["answerOption"])) == 0 {
			bad(fmt.Sprintf("choice item %s has no answerOption", link))
		}
		if typ != "choice" && typ != "open-choice" && it["answerOption"] != nil {
			bad(fmt.Sprintf("item %s of type %s has answerOption (que-5)", link, typ))
		}
		if typ == "group" && len(list(it["item"])) == 0 {
			bad(fmt.Sprintf("group %s has no items (que-1)", link))
		}
		collectItems(it, into, bad)
	}
}

// checkAnswers checks a response's items against the Questionnaire's, level by level: each
// linkId exists where it is used, a group repeats only if it may, and each answer has exactly
// one value[x], of the type its item takes (a choice's coding among its options).
func checkAnswers(qParent, rParent obj, bad func(string)) {
	defs := map[string]obj{}
	for _, it := range list(qParent["item"]) {
		defs[str(asObj(it)["linkId"])] = asObj(it)
	}
	seen := map[string]int{}
	for _, it := range list(rParent["item"]) {
		it := asObj(it)
		link := str(it["linkId"])
		def := defs[link]
		if def == nil {
			bad(fmt.Sprintf("item %q is not in its Questionnaire at this level", link))
			continue
		}
		if seen[link]++; seen[link] > 1 && def["repeats"] != true {
			bad(fmt.Sprintf("item %s appears %d times but does not repeat", link, seen[link]))
		}
		typ := str(def["type"])
		if typ == "group" {
			if it["answer"] != nil {
				bad(fmt.Sprintf("group %s has answers", link))
			}
			checkAnswers(def, it, bad)
			continue
		}
		answers := list(it["answer"])
		if len(answers) == 0 {
			bad(fmt.Sprintf("item %s has no answer (skipped questions should be left out)", link))
		}
		for _, a := range answers {
			a := asObj(a)
			if n := countPrefix(a, "value"); n != 1 {
				bad(fmt.Sprintf("item %s: answer has %d value[x]", link, n))
			}
			want := valueFor[typ]
			v, ok := a[want]
			if !ok {
				bad(fmt.Sprintf("item %s of type %s: answer %v is not a %s", link, typ, a, want))
				continue
			}
			switch want {
			case "valueBoolean":
				if _, ok := v.(bool); !ok {
					bad(fmt.Sprintf("item %s: valueBoolean %v", link, v))
				}
			case "valueString":
				if s, ok := v.(string); !ok || s == "" {
					bad(fmt.Sprintf("item %s: valueString %v", link, v))
				}
			case "valueCoding":
				c := asObj(v)
				found := false
				for _, o := range list(def["answerOption"]) {
					oc := asObj(asObj(o)["valueCoding"])
					found = found || oc["code"] == c["code"] && oc["system"] == c["system"]
				}
				if !found {
					bad(fmt.Sprintf("item %s: coding %v is not among its answerOptions", link, c))
				}
			}
		}
	}
}

func str(v any) string { s, _ := v.(string); return s }

func asObj(v any) obj { o, _ := v.(obj); return o }

func list(v any) []any { l, _ := v.([]any); return l }

func countPrefix(o obj, prefix string) int {
	n := 0
	for k := range o {
		if strings.HasPrefix(k, prefix) {
			n++
		}
	}
	return n
}

// walk calls f for every key and value under v.
func walk(v any, path string, f func(path, key string, v any)) {
	switch v := v.(type) {
	case obj:
		for k, c := range v {
			f(path, k, c)
			walk(c, path+"."+k, f)
		}
	case []any:
		for i, c := range v {
			walk(c, fmt.Sprintf("%s[%d]", path, i), f)
		}
	}
}

func exportFHIR(t *testing.T, sc scenario) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteFHIR(&buf, sc.checkins, sc.goals, defaultPack, t0.AddDate(0, 0, 7)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFHIRBundleIsValidR4(t *testing.T) {
	raw := exportFHIR(t, newScenario(t))
	if errs := validateFHIR(raw); len(errs) > 0 {
		t.Fatalf("invalid FHIR:\n%s\n\n%s", strings.Join(errs, "\n"), raw)
	}
	var b obj
	json.Unmarshal(raw, &b)
	count := map[string]int{}
	for _, e := range list(b["entry"]) {
		count[str(asObj(asObj(e)["resource"])["resourceType"])]++
	}
	want := map[string]int{"Questionnaire": 2, "Patient": 2, "QuestionnaireResponse": 4, "Goal": 2}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%d %s, want %d (all: %v)", count[k], k, n, count)
		}
	}
}

// resource finds the first resource of a type for which match is true.
func resource(t *testing.T, raw []byte, typ string, match func(obj) bool) obj {
	t.Helper()
	var b obj
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	for _, e := range list(b["entry"]) {
		r := asObj(asObj(e)["resource"])
		if r["resourceType"] == typ && match(r) {
			return r
		}
	}
	t.Fatalf("no matching %s", typ)
	return nil
}

func TestFHIRContent(t *testing.T) {
	raw := exportFHIR(t, newScenario(t))
	daily := resource(t, raw, "Questionnaire", func(r obj) bool { return r["url"] == "urn:tandem:questionnaire:daily" })
	answered := resource(t, raw, "QuestionnaireResponse", func(r obj) bool { return r["status"] == "completed" })
	byLink := func(parent obj, link string) obj {
		for _, it := range list(parent["item"]) {
			if asObj(it)["linkId"] == link {
				return asObj(it)
			}
		}
		return nil
	}
	ana := resource(t, raw, "Patient", func(r obj) bool { return asObj(list(r["identifier"])[0])["value"] == "blue-heron" })

	cases := []struct {
		name string
		got  any
		want any
	}{
		{"questionnaire status", daily["status"], "active"},
		{"scale is a choice", byLink(daily, "mood")["type"], "choice"},
		{"scale option keeps the label", asObj(asObj(list(byLink(daily, "mood")["answerOption"])[1])["valueCoding"])["display"], "Low"},
		{"text question", byLink(daily, "note")["type"], "text"},
		{"ask_if becomes enableWhen", len(list(byLink(daily, "voices_upset")["enableWhen"])), 2},
		{"signs group before the closing text question", asObj(list(daily["item"])[len(list(daily["item"]))-2])["linkId"], "signs"},
		{"patient identifier system", asObj(list(ana["identifier"])[0])["system"], PersonSystem},
		{"patient name", asObj(list(ana["name"])[0])["text"], "Ana Lima"},
		{"response points at the questionnaire", answered["questionnaire"], "urn:tandem:questionnaire:daily"},
		{"response authored when answered", answered["authored"], "2025-03-10T09:05:00Z"},
		{"mood answered as a coding", asObj(asObj(list(byLink(answered, "mood")["answer"])[0])["valueCoding"])["code"], "2"},
		{"skipped question left out", byLink(answered, "stress") == nil, true},
		{"note kept as typed", asObj(list(byLink(answered, "note")["answer"])[0])["valueString"], "-1 day, \"rough\"\nbut ok"},
		{"sign says what it was about", asObj(list(byLink(byLink(answered, "signs"), "signs.about")["answer"])[0])["valueString"], "Sleeping less"},
		{"missed check-in is stopped", resource(t, raw, "QuestionnaireResponse", func(r obj) bool { return asObj(list(asObj(r["meta"])["tag"])[0])["code"] == "missed" })["status"], "stopped"},
		{"not now is stopped", resource(t, raw, "QuestionnaireResponse", func(r obj) bool { return asObj(list(asObj(r["meta"])["tag"])[0])["code"] == "not_now" })["status"], "stopped"},
		{"done step is completed", resource(t, raw, "Goal", func(r obj) bool { return asObj(r["description"])["text"] == "Walk, then rest" })["lifecycleStatus"], "completed"},
		{"goal links its step", len(list(resource(t, raw, "Goal", func(r obj) bool { return r["lifecycleStatus"] == "active" })["extension"])), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if fmt.Sprint(tc.got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func TestFHIRIsStableAcrossExports(t *testing.T) {
	sc := newScenario(t)
	a, b := exportFHIR(t, sc), exportFHIR(t, sc)
	if !bytes.Equal(a, b) {
		t.Error("exporting the same rows twice gave different bundles; a records system could not recognise what it already has")
	}
}

// TestValidatorCatches breaks a valid bundle one rule at a time, so a validator that passes
// everything cannot make TestFHIRBundleIsValidR4 pass.
func TestValidatorCatches(t *testing.T) {
	raw := exportFHIR(t, newScenario(t))
	cases := []struct {
		name, old, new, want string
	}{
		{"bad bundle type", `"type": "collection"`, `"type": "bag"`, "Bundle.type"},
		{"bad response status", `"status": "completed"`, `"status": "done"`, "status \"done\""},
		{"dangling reference", `"reference": "urn:uuid:`, `"reference": "urn:uuid:0`, "does not resolve"},
		{"unknown questionnaire", `"questionnaire": "urn:tandem:questionnaire:weekly"`, `"questionnaire": "urn:tandem:questionnaire:monthly"`, "not in the bundle"},
		{"wrong value type", `"valueString": "-1 day`, `"valueInteger": "-1 day`, "is not a valueString"},
		{"code not among options", `"code": "little"`, `"code": "loads"`, "not among its answerOptions"},
		{"unknown linkId", `"linkId": "sleep"`, `"linkId": "sleeep"`, "not in its Questionnaire"},
		{"bad dateTime", `"authored": "2025-03-10T09:05:00Z"`, `"authored": "10/03/2025"`, "RFC 3339"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(raw, []byte(tc.old)) {
				t.Fatalf("bundle has no %s", tc.old)
			}
			broken := bytes.Replace(raw, []byte(tc.old), []byte(tc.new), 1)
			errs := validateFHIR(broken)
			if !strings.Contains(strings.Join(errs, "\n"), tc.want) {
				t.Errorf("validator did not report %q; it said %v", tc.want, errs)
			}
		})
	}
}

// TestFHIREdgeCases covers content that changed after people answered: a question the pack no
// longer has is still exported (as text) and still valid; a value the question cannot take
// stops the export rather than file a wrong answer.
func TestFHIREdgeCases(t *testing.T) {
	person := store.ExportPerson{ID: 7, Pseudonym: "grey-owl", Name: "Cai"}
	checkin := func(set string, answers ...store.ExportAnswer) []store.ExportCheckin {
		return []store.ExportCheckin{{Checkin: tandem.Checkin{ID: 1, PersonID: 7, SetID: set, DueAt: t0, Status: tandem.CheckinAnswered}, Person: person, Answers: answers}}
	}
	answer := func(q, v string) store.ExportAnswer {
		return store.ExportAnswer{Answer: tandem.Answer{CheckinID: 1, QuestionID: q, Value: v, At: t0.Add(time.Minute)}}
	}
	cases := []struct {
		name    string
		cs      []store.ExportCheckin
		wantErr string
	}{
		{"question removed from the pack", checkin("daily", answer("energy", "3")), ""},
		{"set removed from the pack", checkin("monthly", answer("how", "fine")), ""},
		{"sign since deleted", checkin("daily", answer("sign_99", "2")), ""},
		{"scale value out of range", checkin("daily", answer("mood", "7")), `"7" is not one of its answers`},
		{"unknown choice", checkin("daily", answer("voices", "maybe")), `"maybe" is not one of its answers`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteFHIR(&buf, tc.cs, nil, defaultPack, t0)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if errs := validateFHIR(buf.Bytes()); len(errs) > 0 {
				t.Fatalf("invalid FHIR:\n%s\n\n%s", strings.Join(errs, "\n"), buf.Bytes())
			}
		})
	}
}
