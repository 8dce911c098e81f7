package export

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// The identifiers Tandem gives what it exports. URNs, not URLs: Tandem has no FHIR server, and
// a URL would promise one.
const (
	// PersonSystem is the identifier system of a Patient: its value is the person's pseudonym,
	// which a records system can match to its own patient once, then keep.
	PersonSystem = "urn:tandem:person"
	// QuestionnaireURLPrefix starts each Questionnaire's canonical URL; the question set id ends it.
	QuestionnaireURLPrefix = "urn:tandem:questionnaire:"
	// CheckinStatusSystem codes Tandem's own check-in status in a QuestionnaireResponse's
	// meta.tag, because FHIR's status cannot tell "missed" from "not now".
	CheckinStatusSystem = "urn:tandem:checkin-status"
)

// FHIR R4 extensions and code systems used.
const (
	ordinalValueURL     = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
	goalRelationshipURL = "http://hl7.org/fhir/StructureDefinition/goal-relationship"
	goalRelationshipCS  = "http://terminology.hl7.org/CodeSystem/goal-relationship-type"
	goalAchievementCS   = "http://terminology.hl7.org/CodeSystem/goal-achievement"
)

// Linkids of the repeating groups that hold personal questions (see addPersonal).
const (
	signsGroup = "signs"
	goalsGroup = "goals"
)

// WriteFHIR writes check-ins and goals as one FHIR R4 Bundle of type "collection": a
// Questionnaire per question set used, a Patient per person, a QuestionnaireResponse per
// check-in and a Goal per goal or step. Entries are identified by urn:uuid fullUrls derived from
// Tandem's own ids, so exporting the same rows twice gives the same ids and a records system can
// recognise what it already has. generated is the Bundle's timestamp.
func WriteFHIR(w io.Writer, cs []store.ExportCheckin, goals []store.ExportGoals, pack *content.Pack, generated time.Time) error {
	b, err := NewBundle(cs, goals, pack, generated)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return fmt.Errorf("export: fhir: %w", err)
	}
	return nil
}

// Bundle is a FHIR R4 Bundle, with just the elements Tandem writes.
type Bundle struct {
	ResourceType string  `json:"resourceType"`
	ID           string  `json:"id"`
	Type         string  `json:"type"`
	Timestamp    string  `json:"timestamp"`
	Entry        []Entry `json:"entry"`
}

// Entry is one resource in a Bundle, under the URL its references use.
type Entry struct {
	FullURL  string `json:"fullUrl"`
	Resource any    `json:"resource"`
}

// Coding is a FHIR Coding.
type Coding struct {
	System    string      `json:"system,omitempty"`
	Code      string      `json:"code"`
	Display   string      `json:"display,omitempty"`
	Extension []Extension `json:"extension,omitempty"`
}

// CodeableConcept is a FHIR CodeableConcept.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Reference is a FHIR Reference; every one Tandem writes is the fullUrl of an entry in the
// same Bundle.
type Reference struct {
	Reference string `json:"reference"`
}

// Extension is a FHIR Extension, with the value types Tandem uses.
type Extension struct {
	URL                  string           `json:"url"`
	ValueDecimal         *float64         `json:"valueDecimal,omitempty"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
	ValueReference       *Reference       `json:"valueReference,omitempty"`
	Extension            []Extension      `json:"extension,omitempty"`
}

// Meta is a resource's meta element; Tandem uses only tags.
type Meta struct {
	Tag []Coding `json:"tag,omitempty"`
}

// Identifier is a FHIR Identifier.
type Identifier struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// HumanName is a FHIR HumanName; Tandem knows a name only as the worker wrote it.
type HumanName struct {
	Text string `json:"text"`
}

// Patient is the person a check-in or goal is about.
type Patient struct {
	ResourceType string       `json:"resourceType"`
	ID           string       `json:"id"`
	Identifier   []Identifier `json:"identifier"`
	Name         []HumanName  `json:"name,omitempty"`
}

// Questionnaire is a question set as FHIR defines questions.
type Questionnaire struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id"`
	URL          string              `json:"url"`
	Name         string              `json:"name"`
	Title        string              `json:"title,omitempty"`
	Status       string              `json:"status"`
	SubjectType  []string            `json:"subjectType"`
	Item         []QuestionnaireItem `json:"item,omitempty"`
}

// QuestionnaireItem is one question, or a group of them.
type QuestionnaireItem struct {
	LinkID         string              `json:"linkId"`
	Text           string              `json:"text,omitempty"`
	Type           string              `json:"type"`
	Repeats        bool                `json:"repeats,omitempty"`
	ReadOnly       bool                `json:"readOnly,omitempty"`
	EnableWhen     []EnableWhen        `json:"enableWhen,omitempty"`
	EnableBehavior string              `json:"enableBehavior,omitempty"`
	AnswerOption   []AnswerOption      `json:"answerOption,omitempty"`
	Item           []QuestionnaireItem `json:"item,omitempty"`
}

// EnableWhen is a condition on an earlier answer (the pack's ask_if).
type EnableWhen struct {
	Question      string  `json:"question"`
	Operator      string  `json:"operator"`
	AnswerBoolean *bool   `json:"answerBoolean,omitempty"`
	AnswerCoding  *Coding `json:"answerCoding,omitempty"`
}

// AnswerOption is one permitted answer of a choice item.
type AnswerOption struct {
	ValueCoding Coding `json:"valueCoding"`
}

// QuestionnaireResponse is one check-in's answers.
type QuestionnaireResponse struct {
	ResourceType  string         `json:"resourceType"`
	ID            string         `json:"id"`
	Meta          *Meta          `json:"meta,omitempty"`
	Questionnaire string         `json:"questionnaire"`
	Status        string         `json:"status"`
	Subject       Reference      `json:"subject"`
	Source        *Reference     `json:"source,omitempty"`
	Authored      string         `json:"authored,omitempty"`
	Item          []ResponseItem `json:"item,omitempty"`
}

// ResponseItem is the answer to one item, or a group of answers.
type ResponseItem struct {
	LinkID string           `json:"linkId"`
	Text   string           `json:"text,omitempty"`
	Answer []ResponseAnswer `json:"answer,omitempty"`
	Item   []ResponseItem   `json:"item,omitempty"`
}

// ResponseAnswer is one answer value; exactly one field is set, matching the item's type.
type ResponseAnswer struct {
	ValueBoolean *bool   `json:"valueBoolean,omitempty"`
	ValueCoding  *Coding `json:"valueCoding,omitempty"`
	ValueString  *string `json:"valueString,omitempty"`
}

// Goal is one of a person's goals, or a step towards one.
type Goal struct {
	ResourceType      string           `json:"resourceType"`
	ID                string           `json:"id"`
	Extension         []Extension      `json:"extension,omitempty"`
	LifecycleStatus   string           `json:"lifecycleStatus"`
	AchievementStatus *CodeableConcept `json:"achievementStatus,omitempty"`
	Description       CodeableConcept  `json:"description"`
	Subject           Reference        `json:"subject"`
	StatusDate        string           `json:"statusDate,omitempty"`
}

// NewBundle builds the Bundle WriteFHIR writes. It fails on an answer whose value its question
// cannot take (a 7 on a 1-5 scale): a records system would reject the Bundle or, worse, file a
// wrong answer, so the export stops and names the check-in instead.
func NewBundle(cs []store.ExportCheckin, goals []store.ExportGoals, pack *content.Pack, generated time.Time) (*Bundle, error) {
	b := &Bundle{ResourceType: "Bundle", ID: uuid("bundle", strconv.FormatInt(generated.UnixNano(), 10)), Type: "collection", Timestamp: timestamp(generated)}
	bb := &builder{pack: pack, patients: map[int64]string{}, questionnaires: map[string]*Questionnaire{}}

	var responses []Entry
	for _, c := range cs {
		r, err := bb.response(c)
		if err != nil {
			return nil, err
		}
		responses = append(responses, Entry{FullURL: urn(r.ID), Resource: r})
	}
	var goalEntries []Entry
	for _, g := range goals {
		subject := bb.patient(g.Person)
		for _, goal := range g.Goals {
			r := newGoal(goal, subject, g.Goals)
			goalEntries = append(goalEntries, Entry{FullURL: urn(r.ID), Resource: r})
		}
	}

	// Definitions first, then who, then what: a reader of the file meets each thing before
	// anything that points at it.
	for _, setID := range bb.setOrder {
		q := bb.questionnaires[setID]
		b.Entry = append(b.Entry, Entry{FullURL: urn(q.ID), Resource: q})
	}
	b.Entry = append(b.Entry, bb.patientEntries...)
	b.Entry = append(b.Entry, responses...)
	b.Entry = append(b.Entry, goalEntries...)
	return b, nil
}

// builder collects the Patients and Questionnaires the responses need, each once.
type builder struct {
	pack           *content.Pack
	patients       map[int64]string // person id -> fullUrl
	patientEntries []Entry
	questionnaires map[string]*Questionnaire
	setOrder       []string
}

// patient returns the reference to the person's Patient, adding it the first time. The name is
// included: the export goes to the service's own records, where the person is known by name,
// and the pseudonym alone would leave staff to match every person by hand.
func (bb *builder) patient(p store.ExportPerson) Reference {
	if u, ok := bb.patients[p.ID]; ok {
		return Reference{u}
	}
	pt := &Patient{ResourceType: "Patient", ID: uuid("person", id(p.ID)), Identifier: []Identifier{{System: PersonSystem, Value: p.Pseudonym}}}
	if p.Name != "" {
		pt.Name = []HumanName{{Text: p.Name}}
	}
	u := urn(pt.ID)
	bb.patients[p.ID] = u
	bb.patientEntries = append(bb.patientEntries, Entry{FullURL: u, Resource: pt})
	return Reference{u}
}

// questionnaire returns the set's Questionnaire, built from the pack the first time. A set the
// pack no longer has still gets one (titled by its id), grown from the answers it is given.
func (bb *builder) questionnaire(setID string) *Questionnaire {
	if q, ok := bb.questionnaires[setID]; ok {
		return q
	}
	q := &Questionnaire{ResourceType: "Questionnaire", ID: uuid("questionnaire", setID), URL: QuestionnaireURLPrefix + setID,
		Name: "Tandem_" + setID, Status: "active", SubjectType: []string{"Patient"}}
	if qs, ok := bb.pack.QuestionSet(setID); ok {
		q.Title = plain(qs.TitleIn(lang))
		for _, cq := range qs.Questions {
			q.Item = append(q.Item, bb.item(setID, cq, qs))
		}
	} else {
		q.Title = setID
	}
	bb.questionnaires[setID] = q
	bb.setOrder = append(bb.setOrder, setID)
	return q
}

// itemType is the FHIR type an answer kind is stored as.
//
// A scale is "choice", not "integer": the person pressed a labelled button ("Low"), so the
// label is part of the answer, and a choice keeps it (as the coding's display) beside the
// number (its code), limits the answer to the points that exist, and carries the number as an
// ordinalValue for anyone who wants to compute with it. An integer would keep only the number,
// and "2" means nothing in a record without the words the person saw.
func itemType(k content.AnswerKind) string {
	switch k {
	case content.AnswerScale, content.AnswerChoice:
		return "choice"
	case content.AnswerYesNo:
		return "boolean"
	}
	return "text"
}

// answerSystem is the code system of one question's answers: codes like "1" or "none" mean
// something only for their question.
func answerSystem(setID, questionID string) string {
	return QuestionnaireURLPrefix + setID + ":" + questionID
}

// item describes one pack question; qs is its set, for ask_if.
func (bb *builder) item(setID string, cq content.Question, qs *content.QuestionSet) QuestionnaireItem {
	it := QuestionnaireItem{LinkID: cq.ID, Text: plain(cq.TextIn(lang)), Type: itemType(cq.Kind), AnswerOption: bb.options(setID, cq)}
	if c := cq.AskIf; c != nil {
		if dep, ok := qs.Question(c.Question); ok {
			// Asked only once the earlier question was answered, and not with an excluded answer.
			yes := true
			it.EnableWhen = append(it.EnableWhen, EnableWhen{Question: dep.ID, Operator: "exists", AnswerBoolean: &yes})
			for _, v := range c.Not {
				ew := EnableWhen{Question: dep.ID, Operator: "!="}
				if dep.Kind == content.AnswerYesNo {
					b := v == "yes"
					ew.AnswerBoolean = &b
				} else {
					ew.AnswerCoding = &Coding{System: answerSystem(setID, dep.ID), Code: v}
				}
				it.EnableWhen = append(it.EnableWhen, ew)
			}
			it.EnableBehavior = "all"
		}
	}
	return it
}

// options lists a choice item's permitted answers, the codes being the values Tandem stores.
func (bb *builder) options(setID string, cq content.Question) []AnswerOption {
	var out []AnswerOption
	for _, v := range cq.Values() {
		if cq.Kind == content.AnswerYesNo {
			return nil
		}
		c := Coding{System: answerSystem(setID, cq.ID), Code: v, Display: label(bb.pack, cq, v)}
		if cq.Kind == content.AnswerScale {
			n, _ := strconv.ParseFloat(v, 64)
			c.Extension = []Extension{{URL: ordinalValueURL, ValueDecimal: &n}}
		}
		out = append(out, AnswerOption{ValueCoding: c})
	}
	return out
}

// personalText is how the answer item of a personal group is worded in the Questionnaire.
// The pack's wording names the person's own sign or goal, so a shared definition says it
// generally; the sign or goal itself is the group's "about" answer.
var personalText = map[string]string{
	"sign": "How much have you noticed this sign today?",
	"goal": "How did it go with this goal?",
}

// addPersonal makes sure the Questionnaire has the repeating group that holds a person's own
// sign or goal questions. Those questions differ per person and their wording names the
// person's sign or goal, so they cannot be items of a shared Questionnaire; instead each answer
// is one repetition of a group holding what was asked about (text) and how it went (choice).
func (bb *builder) addPersonal(q *Questionnaire, setID, kind string) {
	group := signsGroup
	if kind == "goal" {
		group = goalsGroup
	}
	for _, it := range q.Item {
		if it.LinkID == group {
			return
		}
	}
	sample, about := bb.pack.SignQuestion("", ""), "Early warning sign"
	if kind == "goal" {
		sample, about = bb.pack.GoalQuestion("", ""), "Goal"
	}
	sample.ID = group + ".answer"
	g := QuestionnaireItem{LinkID: group, Text: about + "s", Type: "group", Repeats: true, Item: []QuestionnaireItem{
		{LinkID: group + ".about", Text: about, Type: "string", ReadOnly: true},
		{LinkID: sample.ID, Text: personalText[kind], Type: itemType(sample.Kind), AnswerOption: bb.options(setID, sample)},
	}}
	// Before the closing free-text question, where the bot asks them.
	at := len(q.Item)
	if at > 0 && q.Item[at-1].Type == "text" {
		at--
	}
	q.Item = slices.Insert(q.Item, at, g)
}

// responseStatus maps a check-in's status to QuestionnaireResponse.status (R4: in-progress |
// completed | amended | entered-in-error | stopped). Partial, missed and not now all ended
// without every answer and will get no more (bar a rare late one), which is what "stopped"
// means; "in-progress" would tell a records system to expect more. Tandem's own status goes in
// meta.tag so the distinction is kept.
func responseStatus(s tandem.CheckinStatus) string {
	switch s {
	case tandem.CheckinAnswered:
		return "completed"
	case tandem.CheckinOpen:
		return "in-progress"
	}
	return "stopped"
}

// response builds one check-in's QuestionnaireResponse. Skipped questions are left out: FHIR
// has no "skipped" answer, and an item with no answer says the same.
func (bb *builder) response(c store.ExportCheckin) (*QuestionnaireResponse, error) {
	q := bb.questionnaire(c.SetID)
	subject := bb.patient(c.Person)
	r := &QuestionnaireResponse{ResourceType: "QuestionnaireResponse", ID: uuid("checkin", id(c.ID)),
		Meta:          &Meta{Tag: []Coding{{System: CheckinStatusSystem, Code: string(c.Status)}}},
		Questionnaire: q.URL, Status: responseStatus(c.Status), Subject: subject, Source: &subject}
	if c.Late {
		r.Meta.Tag = append(r.Meta.Tag, Coding{System: CheckinStatusSystem, Code: "late"})
	}
	authored := c.DueAt
	for _, a := range c.Answers {
		if a.At.After(authored) {
			authored = a.At
		}
		if a.Skipped {
			continue
		}
		cq, _ := question(bb.pack, c.SetID, a)
		kind := personalKind(a.QuestionID)
		switch {
		case isPackQuestion(bb.pack, c.SetID, a.QuestionID):
		case kind != "":
			item, err := bb.personalItem(q, c.SetID, kind, cq, a)
			if err != nil {
				return nil, fmt.Errorf("export: check-in %d: %w", c.ID, err)
			}
			r.Item = append(r.Item, item)
			continue
		default:
			bb.addUnknown(q, a.QuestionID)
		}
		ans, err := bb.answer(c.SetID, cq, a.Value)
		if err != nil {
			return nil, fmt.Errorf("export: check-in %d: %w", c.ID, err)
		}
		r.Item = append(r.Item, ResponseItem{LinkID: cq.ID, Text: plain(cq.TextIn(lang)), Answer: []ResponseAnswer{ans}})
	}
	r.Authored = timestamp(authored)
	return r, nil
}

// personalItem is the answer to one personal question: one repetition of its group, holding
// what was asked about and the answer.
func (bb *builder) personalItem(q *Questionnaire, setID, kind string, cq content.Question, a store.ExportAnswer) (ResponseItem, error) {
	bb.addPersonal(q, setID, kind)
	group := signsGroup
	if kind == "goal" {
		group = goalsGroup
	}
	about := a.Subject
	if about == "" {
		about = a.QuestionID // the sign or goal has since been deleted
	}
	// Coded under the group's answer item, which is what the Questionnaire lists.
	cq.ID = group + ".answer"
	ans, err := bb.answer(setID, cq, a.Value)
	if err != nil {
		return ResponseItem{}, err
	}
	return ResponseItem{LinkID: group, Item: []ResponseItem{
		{LinkID: group + ".about", Answer: []ResponseAnswer{{ValueString: &about}}},
		{LinkID: group + ".answer", Text: personalText[kind], Answer: []ResponseAnswer{ans}},
	}}, nil
}

// isPackQuestion reports whether the pack's set has the question.
func isPackQuestion(pack *content.Pack, setID, questionID string) bool {
	qs, ok := pack.QuestionSet(setID)
	if !ok {
		return false
	}
	_, ok = qs.Question(questionID)
	return ok
}

// addUnknown adds an item for a question the pack no longer has, so its stored answer is still
// exported (as text) and still matches an item.
func (bb *builder) addUnknown(q *Questionnaire, questionID string) {
	for _, it := range q.Item {
		if it.LinkID == questionID {
			return
		}
	}
	q.Item = append(q.Item, QuestionnaireItem{LinkID: questionID, Text: "(no longer asked: " + questionID + ")", Type: "text"})
}

// answer turns a stored value into the value[x] its item's type requires.
func (bb *builder) answer(setID string, cq content.Question, value string) (ResponseAnswer, error) {
	switch cq.Kind {
	case content.AnswerYesNo:
		if value != "yes" && value != "no" {
			return ResponseAnswer{}, fmt.Errorf("question %s: %q is not yes or no", cq.ID, value)
		}
		b := value == "yes"
		return ResponseAnswer{ValueBoolean: &b}, nil
	case content.AnswerScale, content.AnswerChoice:
		if !slices.Contains(cq.Values(), value) {
			return ResponseAnswer{}, fmt.Errorf("question %s: %q is not one of its answers %v", cq.ID, value, cq.Values())
		}
		return ResponseAnswer{ValueCoding: &Coding{System: answerSystem(setID, cq.ID), Code: value, Display: label(bb.pack, cq, value)}}, nil
	}
	return ResponseAnswer{ValueString: &value}, nil
}

// newGoal builds one Goal. A goal points at each of its steps with the R4 goal-relationship
// extension, type "milestone" ("the target goal is considered to be a piece of attaining this
// goal"), so the records system keeps the goal and its steps together.
func newGoal(g store.ExportGoal, subject Reference, all []store.ExportGoal) *Goal {
	r := &Goal{ResourceType: "Goal", ID: uuid("goal", id(g.ID)), LifecycleStatus: "active",
		Description: CodeableConcept{Text: g.Text}, Subject: subject}
	if !g.DoneAt.IsZero() {
		r.LifecycleStatus = "completed"
		r.AchievementStatus = &CodeableConcept{Coding: []Coding{{System: goalAchievementCS, Code: "achieved", Display: "Achieved"}}}
		r.StatusDate = g.DoneAt.UTC().Format(time.DateOnly)
	}
	for _, step := range all {
		if step.ParentID != g.ID {
			continue
		}
		r.Extension = append(r.Extension, Extension{URL: goalRelationshipURL, Extension: []Extension{
			{URL: "type", ValueCodeableConcept: &CodeableConcept{Coding: []Coding{{System: goalRelationshipCS, Code: "milestone"}}}},
			{URL: "target", ValueReference: &Reference{urn(uuid("goal", id(step.ID)))}},
		}})
	}
	return r
}

// uuid derives a version-5-style UUID (SHA-1, RFC 9562 section 5.5) from what an entry is and
// Tandem's id for it: stable across exports of the same database, distinct across kinds.
func uuid(kind, key string) string {
	h := sha1.Sum([]byte("tandem:" + kind + ":" + key))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func urn(uuid string) string { return "urn:uuid:" + uuid }
